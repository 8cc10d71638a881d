import { ringMesh, stlTriangleCount, toBinaryStl, toObj } from '@jewelry-examples/common/models';

describe('3D models of the scenario', () => {
  test('a ring mesh as binary STL: header, count, 50 bytes a triangle', () => {
    const mesh = ringMesh(18, 2.2, 48, 12);
    expect(mesh.vertices).toHaveLength(48 * 12);
    expect(mesh.triangles).toHaveLength(2 * 48 * 12);
    const stl = toBinaryStl(mesh);
    expect(stl.length).toBe(84 + 1152 * 50);
    expect(stlTriangleCount(stl)).toBe(1152);
    // Every vertex lies on the torus: distance from the centre line equals the band radius.
    for (const [x, y, z] of mesh.vertices) expect(Math.hypot(Math.hypot(x, y) - 9, z)).toBeCloseTo(1.1, 6);
  });

  test('the same ring as OBJ text', () => {
    const obj = toObj(ringMesh(18, 2.2, 8, 4)).toString('utf8');
    expect(obj.split('\n').filter((l) => l.startsWith('v '))).toHaveLength(32);
    expect(obj.split('\n').filter((l) => l.startsWith('f '))).toHaveLength(64);
    expect(stlTriangleCount(Buffer.from(obj))).toBeUndefined();
  });
});
