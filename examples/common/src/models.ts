/**
 * Small but real 3D models for the scenario and the tests: a ring (a torus)
 * as binary STL or as Wavefront OBJ text. The mesh density sets the file
 * size, and the size is what MES prices.
 */

export interface Mesh {
  vertices: [number, number, number][];
  triangles: [number, number, number][];
}

/** A ring: torus of `diameterMm` (centre line) and `bandMm` thickness, `segments` around, `sides` across. */
export function ringMesh(diameterMm: number, bandMm: number, segments = 48, sides = 12): Mesh {
  const R = diameterMm / 2;
  const r = bandMm / 2;
  const vertices: [number, number, number][] = [];
  const triangles: [number, number, number][] = [];
  for (let i = 0; i < segments; i++) {
    const u = (i / segments) * 2 * Math.PI;
    for (let j = 0; j < sides; j++) {
      const v = (j / sides) * 2 * Math.PI;
      vertices.push([(R + r * Math.cos(v)) * Math.cos(u), (R + r * Math.cos(v)) * Math.sin(u), r * Math.sin(v)]);
    }
  }
  const at = (i: number, j: number) => (i % segments) * sides + (j % sides);
  for (let i = 0; i < segments; i++) {
    for (let j = 0; j < sides; j++) {
      triangles.push([at(i, j), at(i + 1, j), at(i + 1, j + 1)]);
      triangles.push([at(i, j), at(i + 1, j + 1), at(i, j + 1)]);
    }
  }
  return { vertices, triangles };
}

/** Binary STL: 80-byte header, triangle count, 50 bytes per triangle. */
export function toBinaryStl(mesh: Mesh, header = 'jewelry example ring'): Buffer {
  const buf = Buffer.alloc(84 + mesh.triangles.length * 50);
  buf.write(header.slice(0, 80), 0, 'ascii');
  buf.writeUInt32LE(mesh.triangles.length, 80);
  let o = 84;
  for (const [a, b, c] of mesh.triangles) {
    const [p, q, s] = [mesh.vertices[a]!, mesh.vertices[b]!, mesh.vertices[c]!];
    const u = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
    const v = [s[0] - p[0], s[1] - p[1], s[2] - p[2]];
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    const len = Math.hypot(n[0]!, n[1]!, n[2]!) || 1;
    for (const x of [n[0]! / len, n[1]! / len, n[2]! / len, ...p, ...q, ...s]) {
      buf.writeFloatLE(x, o);
      o += 4;
    }
    buf.writeUInt16LE(0, o);
    o += 2;
  }
  return buf;
}

export function toObj(mesh: Mesh): Buffer {
  const lines = [
    '# jewelry example ring',
    ...mesh.vertices.map((v) => `v ${v.map((x) => x.toFixed(4)).join(' ')}`),
    ...mesh.triangles.map((t) => `f ${t.map((i) => i + 1).join(' ')}`),
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** Triangle count of a binary STL, or undefined when the buffer is not one. */
export function stlTriangleCount(buf: Buffer): number | undefined {
  if (buf.length < 84) return undefined;
  const count = buf.readUInt32LE(80);
  return buf.length === 84 + count * 50 ? count : undefined;
}
