import vm from 'node:vm';
import { ProtoWriter, writerOfItsOwn } from '../src/otlp/proto-writer';

/** A message through every method of the writer, with a nested message long enough to be moved. */
function sample(w: ProtoWriter): Buffer {
  w.reset();
  w.tag(1, 2);
  const at = w.begin();
  w.string('service.name');
  w.string('Пётр Иванов '.repeat(20));
  w.hexBytes('4bf92f3577b34da6a3ce929d0e0e4736');
  w.varint(-42);
  w.varint(300);
  w.fixed32(0x100);
  w.fixed64(5, 6);
  w.double(-1.25);
  w.bytes(new Uint8Array([9, 8, 7]));
  w.end(at);
  return Buffer.from(w.finish());
}

describe('writerOfItsOwn: a ProtoWriter class per signal, so that one signal’s values do not slow the other’s encoding', () => {
  afterEach(() => jest.restoreAllMocks());

  test('each signal gets a copy of the class of its own, writing the shared class’s bytes', () => {
    const traces = writerOfItsOwn('traces');
    const logs = writerOfItsOwn('logs');
    expect(traces.constructor).not.toBe(ProtoWriter);
    expect(logs.constructor).not.toBe(ProtoWriter);
    expect(traces.constructor).not.toBe(logs.constructor);
    const expected = sample(new ProtoWriter());
    expect(sample(traces).equals(expected)).toBe(true);
    expect(sample(logs).equals(expected)).toBe(true);
  });

  test('the copy is compiled as a function, never as a vm.Script (on Node 24 one vm.Script costs an idle process a full GC a second under load)', () => {
    const compiled = jest.spyOn(vm, 'compileFunction');
    const scripts = jest.spyOn(vm, 'runInThisContext');
    writerOfItsOwn('traces');
    expect(compiled).toHaveBeenCalledTimes(1);
    expect(scripts).not.toHaveBeenCalled();
  });

  test('when the copy cannot be compiled, the shared class is used', () => {
    jest.spyOn(vm, 'compileFunction').mockImplementation(() => {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    const w = writerOfItsOwn('traces');
    expect(w.constructor).toBe(ProtoWriter);
    expect(sample(w).equals(sample(new ProtoWriter()))).toBe(true);
  });

  test('when the copy writes other bytes than the class (its source was rewritten), the shared class is used', () => {
    class Wrong extends ProtoWriter {
      override string(text: string): void {
        super.string(text.toUpperCase());
      }
    }
    jest.spyOn(vm, 'compileFunction').mockImplementation(() => () => Wrong);
    expect(writerOfItsOwn('logs').constructor).toBe(ProtoWriter);
  });
});
