import { describe, expect, it } from 'vitest';
import { actionNamed, deepestMonitorDepth, durationMs, parseMetaData, type MetaData } from '../src/index.ts';
import { sampleMetaData } from './fixtures.ts';

const parsed = () => {
  const result = parseMetaData(sampleMetaData);
  if ('problem' in result) throw new Error(result.problem);
  return result as MetaData;
};

describe('meta-data must be XML with a <resource-agent> element', () => {
  it('names what is wrong with text that is not XML, with its line', () => {
    const result = parseMetaData('<resource-agent name="x"><parameters></resource-agent>');
    expect(result).toEqual({
      problem: expect.stringMatching(/^its meta-data is not valid XML: .*parameters.* \(line 1, column \d+\)$/),
    });
  });

  it('refuses XML of another kind', () => {
    expect(parseMetaData('<html><body/></html>')).toEqual({ problem: 'its meta-data has no <resource-agent> element' });
  });

  it('refuses an empty answer', () => {
    expect('problem' in parseMetaData('')).toBe(true);
  });
});

describe('parameters are read with their descriptions, type, default and required flag', () => {
  it('reads each parameter in order', () => {
    expect(parsed().parameters.map((parameter) => parameter.name)).toEqual([
      'ip',
      'cidr_netmask',
      'lvs_support',
      'mode',
      'wait',
    ]);
    expect(parsed().parameters[0]).toEqual({
      name: 'ip',
      shortdesc: 'IPv4 address',
      longdesc: 'The IPv4 address to be configured.',
      type: 'string',
      default: '',
      required: true,
    });
    expect(parsed().parameters[1]).toMatchObject({
      name: 'cidr_netmask',
      type: 'integer',
      default: '24',
      required: false,
    });
  });

  it('takes the English description among several languages, whitespace folded', () => {
    expect(parsed().parameters[3]?.longdesc).toBe('How to run.');
    expect(parsed().longdesc).toBe('A sample agent over two lines.');
    expect(parsed().shortdesc).toBe('Sample agent');
  });

  it('reads the options of a select parameter', () => {
    expect(parsed().parameters[3]).toMatchObject({ type: 'select', default: 'fast', options: ['fast', 'safe'] });
  });
});

describe('actions carry their advertised timeouts and intervals', () => {
  it('reads Pacemaker durations: 20s, 90 (seconds), 500ms, 1min', () => {
    expect(actionNamed(parsed(), 'start')).toEqual({ name: 'start', timeoutMs: 20_000 });
    expect(actionNamed(parsed(), 'stop')).toEqual({ name: 'stop', timeoutMs: 90_000 });
    expect(actionNamed(parsed(), 'monitor')).toEqual({ name: 'monitor', timeoutMs: 500, intervalMs: 10_000, depth: 0 });
  });

  it('finds the deepest monitor for the thorough check', () => {
    expect(deepestMonitorDepth(parsed())).toBe(10);
  });

  it('leaves out a duration it cannot read', () => {
    expect(durationMs('PT20S')).toBeUndefined();
    expect(durationMs('20 fortnights')).toBeUndefined();
    expect(durationMs('2h')).toBe(7_200_000);
  });
});
