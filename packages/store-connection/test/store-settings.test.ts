import { describe, expect, it } from 'vitest';
import { etcdTimeoutsFor, leaseTtlForStore, parseEtcdEndpoints, storeSettingsFromEnvironment } from '../src/index.ts';

describe('store settings from the command line and the environment', () => {
  it('reads --etcd, and WOLFPACK_ETCD when the flag is absent; the flag wins', () => {
    expect(
      storeSettingsFromEnvironment(['--node', 'A', '--etcd', 'http://10.0.0.1:2379, http://10.0.0.2:2379'], {}),
    ).toEqual({
      etcd: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'],
    });
    expect(storeSettingsFromEnvironment([], { WOLFPACK_ETCD: 'http://e1:2379,http://e2:2379' })).toEqual({
      etcd: ['http://e1:2379', 'http://e2:2379'],
    });
    expect(storeSettingsFromEnvironment(['--etcd=http://flag:2379'], { WOLFPACK_ETCD: 'http://env:2379' })).toEqual({
      etcd: ['http://flag:2379'],
    });
  });

  it('means the embedded store when nothing names etcd', () => {
    expect(storeSettingsFromEnvironment(['--node', 'A'], {})).toEqual({});
    expect(storeSettingsFromEnvironment([], { WOLFPACK_ETCD: '' })).toEqual({});
  });

  it('takes a prefix and TLS files for https:// members', () => {
    const settings = storeSettingsFromEnvironment(
      ['--etcd', 'https://10.0.0.1:2379', '--etcd-prefix', '/prod', '--etcd-ca', '/ca.pem'],
      { WOLFPACK_ETCD_CERT: '/client.pem', WOLFPACK_ETCD_KEY: '/client-key.pem' },
    );
    expect(settings).toEqual({
      etcd: ['https://10.0.0.1:2379'],
      etcdPrefix: '/prod',
      etcdTls: { caFile: '/ca.pem', certFile: '/client.pem', keyFile: '/client-key.pem' },
    });
  });

  it('refuses endpoints that are not scheme://host:port, naming the flag or variable and the rule', () => {
    expect(() => parseEtcdEndpoints('10.0.0.1:2379')).toThrow(
      /--etcd: "10.0.0.1:2379" must start with http:\/\/ or https:\/\//,
    );
    expect(() => parseEtcdEndpoints('http://10.0.0.1')).toThrow(/has no port/);
    expect(() => parseEtcdEndpoints('http://10.0.0.1:2379/v3')).toThrow(/only scheme, host and port/);
    expect(() => parseEtcdEndpoints('http://a:2379,https://b:2379')).toThrow(/mix http:\/\/ and https:\/\//);
    expect(() => parseEtcdEndpoints(' , ')).toThrow(/at least one etcd member/);
    expect(() => storeSettingsFromEnvironment([], { WOLFPACK_ETCD: 'etcd:2379' })).toThrow(/^WOLFPACK_ETCD: /);
  });

  it('refuses etcd-only settings without etcd, half a client certificate, and TLS files for http://', () => {
    expect(() => storeSettingsFromEnvironment(['--etcd-prefix', '/x'], {})).toThrow(
      /--etcd-prefix applies to etcd only/,
    );
    expect(() => storeSettingsFromEnvironment(['--etcd', 'https://a:2379', '--etcd-cert', '/c.pem'], {})).toThrow(
      /--etcd-cert and --etcd-key go together/,
    );
    expect(() => storeSettingsFromEnvironment(['--etcd', 'http://a:2379', '--etcd-ca', '/ca.pem'], {})).toThrow(
      /--etcd-ca: TLS files need https:\/\//,
    );
    expect(() => storeSettingsFromEnvironment(['--etcd'], {})).toThrow(/--etcd needs a value/);
  });
});

describe('lease timing by store', () => {
  it('rounds node lease TTLs up to whole seconds on etcd, at least 1 s; keeps milliseconds on the embedded store', () => {
    expect(leaseTtlForStore(1000, 'etcd')).toBe(1000);
    expect(leaseTtlForStore(1500, 'etcd')).toBe(2000);
    expect(leaseTtlForStore(300, 'etcd')).toBe(1000);
    expect(leaseTtlForStore(300, 'embedded')).toBe(300);
    expect(() => leaseTtlForStore(0, 'etcd')).toThrow(/positive/);
  });

  it('times etcd calls so a stuck attempt gives way within one renewal interval (a quarter TTL)', () => {
    expect(etcdTimeoutsFor(1000)).toEqual({ requestTimeoutMs: 1000, attemptTimeoutMs: 250 });
    expect(etcdTimeoutsFor(3000)).toEqual({ requestTimeoutMs: 3000, attemptTimeoutMs: 750 });
    expect(etcdTimeoutsFor(20_000)).toEqual({ requestTimeoutMs: 5000, attemptTimeoutMs: 1000 });
  });
});
