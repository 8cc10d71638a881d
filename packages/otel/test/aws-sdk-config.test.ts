// Issue 16: the aws-sdk instrumentation patches each middleware stack the AWS
// SDK builds per command once, by assignment (aws-sdk-config.ts); what the
// patched stack does is checked against the real S3 server in s3-spans.test.ts.
import { S3Client } from '@aws-sdk/client-s3';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { patchingStacksByAssignment } from '@jewelry/otel/internals';

interface Stack {
  resolve: unknown;
  clone(): Stack;
  concat(other: Stack): Stack;
}
type Patching = { patchV3MiddlewareStack(version: string, stack: Stack): void };

function stackFunctions(stack: Stack): unknown[] {
  return [stack.resolve, stack.clone, stack.concat];
}

describe('the aws-sdk instrumentation, stacks patched by assignment', () => {
  const Patching = patchingStacksByAssignment(AwsInstrumentation);
  const instrumentation = new Patching({ enabled: false }) as unknown as Patching;

  test("a stack's resolve, clone and concat are wrapped once, however often the instrumentation meets the stack", () => {
    const client = new S3Client({ region: 'us-east-1' });
    const stack = client.middlewareStack as unknown as Stack;
    const original = stackFunctions(stack);
    instrumentation.patchV3MiddlewareStack('3.0.0', stack);
    const patched = stackFunctions(stack);
    patched.forEach((fn, i) => expect(fn).not.toBe(original[i]));
    instrumentation.patchV3MiddlewareStack('3.0.0', stack);
    expect(stackFunctions(stack)).toEqual(patched);
    // Assigned, not defined through shimmer: no __wrapped/__original/__unwrap on the wrappers.
    for (const fn of patched) expect(Object.getOwnPropertyNames(fn).filter((n) => n.startsWith('__'))).toEqual([]);
    client.destroy();
  });

  test('the stack a command builds by concat or clone is patched as it is made, once', () => {
    const client = new S3Client({ region: 'us-east-1' });
    const clientStack = client.middlewareStack as unknown as Stack;
    const plain = clientStack.concat(clientStack.clone());
    instrumentation.patchV3MiddlewareStack('3.0.0', clientStack);
    for (const made of [clientStack.concat(clientStack.clone()), clientStack.clone()]) {
      // The unpatched stack's functions are the plain ones of a new stack; the made one's are wrappers.
      expect(String(made.resolve)).not.toBe(String(plain.resolve));
      const once = stackFunctions(made);
      instrumentation.patchV3MiddlewareStack('3.0.0', made);
      expect(stackFunctions(made)).toEqual(once);
    }
    client.destroy();
  });

  test('an instrumentation version without the hooked methods keeps its own behaviour', () => {
    class Other {}
    expect(patchingStacksByAssignment(Other)).toBe(Other);
  });
});
