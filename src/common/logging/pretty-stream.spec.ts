import { prettyLine } from './pretty-stream';

describe('prettyLine', () => {
  const json = JSON.stringify({
    level: 'warn',
    time: '2026-12-01T10:20:30.000Z',
    pid: 1,
    context: 'Bootstrap',
    msg: 'hello',
    executionId: 'e1',
  });

  it('reads as time, level, context, message and fields, with no colour codes off a terminal', () => {
    expect(prettyLine(json, false)).toBe('10:20:30 WARN  [Bootstrap] hello executionId=e1\n');
  });

  it('colours the level on a terminal', () => {
    expect(prettyLine(json, true)).toContain('\x1b[33mWARN ');
  });
});
