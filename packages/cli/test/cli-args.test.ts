import { parseCommand, runCli, UsageError, type CliIo } from '@jewelry/cli';

function capture(): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

describe('parseCommand', () => {
  it('defaults to every component in start order', () => {
    expect(parseCommand(['stack', 'up'])).toEqual({
      kind: 'stack',
      action: 'up',
      components: ['rabbitmq', 'postgres', 's3', 'elasticsearch', 'collector', 'alertmanager', 'prometheus'],
      json: false,
    });
  });

  it('puts named components into start order (elasticsearch before collector) and drops duplicates', () => {
    expect(parseCommand(['stack', 'up', 'prometheus', 'collector', 'elasticsearch', 'collector', '--json'])).toEqual({
      kind: 'stack',
      action: 'up',
      components: ['elasticsearch', 'collector', 'prometheus'],
      json: true,
    });
  });

  it("puts the services' own dependencies (rabbitmq, postgres, s3) before the telemetry path", () => {
    expect(parseCommand(['stack', 'up', 'elasticsearch', 's3', 'postgres'])).toMatchObject({
      components: ['postgres', 's3', 'elasticsearch'],
    });
  });

  it('parses status and down with --json anywhere', () => {
    expect(parseCommand(['stack', 'status', '--json'])).toMatchObject({ action: 'status', json: true });
    expect(parseCommand(['stack', 'down', '--json', 'rabbitmq'])).toMatchObject({ action: 'down', components: ['rabbitmq'], json: true });
  });

  it('parses the collector commands', () => {
    expect(parseCommand(['collector', 'build'])).toEqual({ kind: 'collector-build', json: false, updateSums: false });
    expect(parseCommand(['collector', 'build', '--update-sums', '--json'])).toEqual({
      kind: 'collector-build',
      json: true,
      updateSums: true,
    });
    expect(parseCommand(['collector', 'validate', '--config', 'x.yaml'])).toEqual({ kind: 'collector-validate', configs: ['x.yaml'] });
    expect(parseCommand(['collector', 'validate', '--config', 'a.yaml', '--config', 'b.yaml'])).toEqual({
      kind: 'collector-validate',
      configs: ['a.yaml', 'b.yaml'],
    });
    expect(parseCommand(['collector', 'validate'])).toEqual({ kind: 'collector-validate', configs: [] });
    expect(parseCommand(['collector', 'package'])).toEqual({ kind: 'collector-package', formats: ['deb', 'rpm'], json: false });
    expect(parseCommand(['collector', 'package', '--format', 'deb', '--format', 'docker', '--out', '/tmp/p', '--json'])).toEqual({
      kind: 'collector-package',
      formats: ['deb', 'docker'],
      outDir: '/tmp/p',
      json: true,
    });
    expect(parseCommand(['collector', 'package', '--format', 'rpm,deb'])).toMatchObject({ formats: ['rpm', 'deb'] });
  });

  it('parses the es commands, with repeated --service', () => {
    expect(parseCommand(['es', 'setup'])).toEqual({ kind: 'es-setup', services: [], json: false });
    expect(parseCommand(['es', 'setup', '--service', 'shop-api-v2', '--service', 'billing', '--json'])).toEqual({
      kind: 'es-setup',
      services: ['shop-api-v2', 'billing'],
      json: true,
    });
    expect(parseCommand(['es', 'status', '--json'])).toEqual({ kind: 'es-status', json: true });
  });

  it('treats no arguments, help, --help and -h as help', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) expect(parseCommand(argv)).toEqual({ kind: 'help' });
  });

  it.each([
    [
      ['stack', 'up', 'mongodb'],
      "unknown component 'mongodb' (known: rabbitmq, postgres, s3, elasticsearch, collector, alertmanager, prometheus)",
    ],
    [['stack'], "'stack' needs an action: up, down or status"],
    [['stack', 'restart'], "unknown stack action 'restart' (use up, down or status)"],
    [['stack', 'up', '--verbose'], "Unknown option '--verbose'"],
    [['collector'], "'collector' needs an action: build, validate or package"],
    [['collector', 'package', '--format', 'deb,zip'], "unknown package format 'zip' (use deb, rpm, docker)"],
    [['collector', 'validate', '--config'], "Option '--config <value>' argument missing"],
    [['collector', 'build', 'now'], "'collector build' takes no arguments, got 'now'"],
    [['es'], "'es' needs an action: setup or status"],
    [['es', 'teardown'], "unknown es action 'teardown' (use setup or status)"],
    [['es', 'setup', 'shop-api'], "'es setup' takes no arguments, got 'shop-api' (name services with --service <name>)"],
    [['es', 'setup', '--service'], "Option '--service <value>' argument missing"],
    [['es', 'status', 'now'], "'es status' takes no arguments, got 'now'"],
    [['deploy'], "unknown command 'deploy' (use stack, collector, es or trace; --help lists them)"],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});

describe('runCli', () => {
  it('prints the usage for --help and exits 0', async () => {
    const io = capture();
    await expect(runCli(['--help'], io)).resolves.toBe(0);
    expect(io.outLines.join('\n')).toContain('stack up [component...] [--json]');
    expect(io.errLines).toEqual([]);
  });

  it('reports a usage error on one line, without a stack trace, and exits 2', async () => {
    const io = capture();
    await expect(runCli(['stack', 'up', 'mongodb'], io)).resolves.toBe(2);
    expect(io.errLines[0]).toBe(
      "jewelry-otel: unknown component 'mongodb' (known: rabbitmq, postgres, s3, elasticsearch, collector, alertmanager, prometheus)",
    );
    expect(io.errLines.join('\n')).not.toMatch(/\n\s+at /);
    expect(io.outLines).toEqual([]);
  });
});
