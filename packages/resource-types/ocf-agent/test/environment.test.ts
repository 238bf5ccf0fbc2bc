import { describe, expect, it } from 'vitest';
import { instanceName, ocfEnvironment, parseMetaData, rscTmpFor, type MetaData } from '../src/index.ts';
import { sampleMetaData } from './fixtures.ts';

const metaData = parseMetaData(sampleMetaData) as MetaData;
const ref = { provider: 'heartbeat', agent: 'IPaddr2', root: '/usr/lib/ocf' };
const base = { PATH: '/usr/bin:/bin', OCF_RESKEY_leaked: 'from outside' };

describe('the OCF environment is the one Pacemaker sets', () => {
  it('sets OCF_ROOT, the API version, instance, type, provider and HA_RSCTMP, keeping PATH', () => {
    const env = ocfEnvironment({
      ref,
      resource: 'Cluster IP',
      rscTmp: '/var/wp/rsctmp',
      parameters: {},
      base,
      timeoutMs: 20_000,
    });
    expect(env).toMatchObject({
      PATH: '/usr/bin:/bin',
      OCF_ROOT: '/usr/lib/ocf',
      OCF_RA_VERSION_MAJOR: '1',
      OCF_RA_VERSION_MINOR: '1',
      OCF_RESOURCE_INSTANCE: 'Cluster_IP',
      OCF_RESOURCE_TYPE: 'IPaddr2',
      OCF_RESOURCE_PROVIDER: 'heartbeat',
      HA_RSCTMP: '/var/wp/rsctmp',
      OCF_RESKEY_CRM_meta_timeout: '20000',
    });
  });

  it("passes no OCF_RESKEY_ of the node's own environment", () => {
    expect(ocfEnvironment({ ref, resource: 'r', rscTmp: '/t', parameters: {}, base })).not.toHaveProperty(
      'OCF_RESKEY_leaked',
    );
  });
});

describe('each parameter is OCF_RESKEY_<name>, as text', () => {
  it('writes strings, numbers and booleans as the agent reads them', () => {
    const env = ocfEnvironment({
      ref,
      resource: 'r',
      rscTmp: '/t',
      parameters: { ip: '10.0.0.5', cidr_netmask: 16, lvs_support: true },
      metaData,
      base,
    });
    expect(env).toMatchObject({
      OCF_RESKEY_ip: '10.0.0.5',
      OCF_RESKEY_cidr_netmask: '16',
      OCF_RESKEY_lvs_support: 'true',
    });
  });
});

describe('a value equal to the advertised default is left for the agent to apply', () => {
  it('leaves out defaults of every type, and passes a changed value', () => {
    const env = ocfEnvironment({
      ref,
      resource: 'r',
      rscTmp: '/t',
      parameters: { cidr_netmask: 24, lvs_support: false, mode: 'fast', wait: '7s' },
      metaData,
      base,
    });
    expect(env).not.toHaveProperty('OCF_RESKEY_cidr_netmask');
    expect(env).not.toHaveProperty('OCF_RESKEY_lvs_support');
    expect(env).not.toHaveProperty('OCF_RESKEY_mode');
    expect(env.OCF_RESKEY_wait).toBe('7s');
  });
  it('passes everything when the meta-data is not known', () => {
    expect(
      ocfEnvironment({ ref, resource: 'r', rscTmp: '/t', parameters: { cidr_netmask: 24 }, base })
        .OCF_RESKEY_cidr_netmask,
    ).toBe('24');
  });
});

describe('the instance name is safe for unquoted file names', () => {
  it('folds everything but letters, digits, "_", "." and "-" to "_"', () => {
    expect(instanceName('Web Server 1')).toBe('Web_Server_1');
    expect(instanceName('db-1.main')).toBe('db-1.main');
  });
});

describe('HA_RSCTMP is one shell word, one folder per resource', () => {
  it("is beside the state folders, never inside the resource's own (the resource user's on a root node)", () => {
    const folder = rscTmpFor('/var/lib/wp/nodes/OSDB_SERV/resources/Dummy1', 'Dummy1');
    expect(folder).toMatch(/^\/var\/lib\/wp\/nodes\/OSDB_SERV\/resources\/\.ocf\/Dummy1-[0-9a-f]{8}$/);
    expect(folder.startsWith('/var/lib/wp/nodes/OSDB_SERV/resources/Dummy1/')).toBe(false);
  });
  it('moves to .ocf under the nearest safe folder when the name has a space, apart from a name that folds alike', () => {
    const spaced = rscTmpFor('/var/lib/wp/nodes/OSDB_SERV/resources/Web Dummy', 'Web Dummy');
    const underscored = rscTmpFor('/var/lib/wp/nodes/OSDB_SERV/resources/Web_Dummy', 'Web_Dummy');
    expect(spaced).toMatch(/^\/var\/lib\/wp\/nodes\/OSDB_SERV\/resources\/\.ocf\/Web_Dummy-[0-9a-f]{8}$/);
    expect(underscored).toMatch(/^\/var\/lib\/wp\/nodes\/OSDB_SERV\/resources\/\.ocf\/Web_Dummy-[0-9a-f]{8}$/);
    expect(underscored).not.toBe(spaced);
    expect(rscTmpFor('/data dir/nodes/A B/resources/Web Dummy', 'Web Dummy')).toMatch(
      /^\/\.ocf\/Web_Dummy-[0-9a-f]{8}$/,
    );
  });
});
