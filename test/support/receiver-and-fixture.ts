import { FixtureProcess } from './fixture-process';
import { OtlpReceiver } from './otlp-receiver';

export interface ReceiverAndFixture {
  /** The describe block's receiver (started in beforeAll, stopped in afterAll). */
  readonly receiver: OtlpReceiver;
  /** Starts a fixture service, stopped after the test (only one per test). */
  start(nodeArgs: string[], env: NodeJS.ProcessEnv, cwd?: string): FixtureProcess;
  /** The fixture the current test started. */
  readonly service: FixtureProcess | undefined;
}

/**
 * An OTLP receiver for a describe block and the fixture service of each of
 * its tests, registered with the block's hooks: the service is stopped after
 * every test, also a failing one, and the receiver after the block.
 */
export function useReceiverAndFixture(): ReceiverAndFixture {
  let receiver: OtlpReceiver | undefined;
  let service: FixtureProcess | undefined;
  beforeAll(async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });
  afterAll(() => receiver?.stop());
  return {
    get receiver(): OtlpReceiver {
      if (!receiver) throw new Error('the receiver starts in beforeAll');
      return receiver;
    },
    get service() {
      return service;
    },
    start(nodeArgs, env, cwd) {
      service = new FixtureProcess(nodeArgs, env, cwd);
      return service;
    },
  };
}
