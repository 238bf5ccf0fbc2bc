import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingContext } from '@wolfpack/resource-sdk/testing';

/** Meta-data in the shape of Debian's heartbeat agents, with one parameter of each kind. */
export const sampleMetaData = `<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="Sample" version="1.0">
<version>1.0</version>
<longdesc lang="en">A sample agent
over two lines.</longdesc>
<shortdesc lang="en">Sample agent</shortdesc>
<parameters>
<parameter name="ip" unique="1" required="1">
<longdesc lang="en">The IPv4 address to be configured.</longdesc>
<shortdesc lang="en">IPv4 address</shortdesc>
<content type="string" default="" />
</parameter>
<parameter name="cidr_netmask">
<longdesc lang="en">The netmask in CIDR format.</longdesc>
<shortdesc lang="en">CIDR netmask</shortdesc>
<content type="integer" default="24"/>
</parameter>
<parameter name="lvs_support">
<longdesc lang="en">Enable support for LVS Direct Routing.</longdesc>
<shortdesc lang="en">Enable support for LVS DR</shortdesc>
<content type="boolean" default="false"/>
</parameter>
<parameter name="mode">
<longdesc lang="de">Der Modus.</longdesc>
<longdesc lang="en">How to run.</longdesc>
<shortdesc lang="en">Mode</shortdesc>
<content type="select" default="fast"><option value="fast"/><option value="safe"/></content>
</parameter>
<parameter name="wait">
<longdesc lang="en">How long to wait.</longdesc>
<shortdesc lang="en">Wait</shortdesc>
<content type="time" default="5s"/>
</parameter>
</parameters>
<actions>
<action name="start" timeout="20s" />
<action name="stop" timeout="90" />
<action name="monitor" timeout="500ms" interval="10s" depth="0" />
<action name="monitor" timeout="30s" interval="1min" depth="10" />
<action name="meta-data" timeout="5s" />
</actions>
</resource-agent>
`;

/** A temp OCF_ROOT with a provider folder "test", for agents a test writes itself. */
export function temporaryOcfRoot(): { root: string; write(agent: string, script: string, mode?: number): string } {
  const root = mkdtempSync(join(tmpdir(), 'wp-ocf-root-'));
  mkdirSync(join(root, 'resource.d', 'test'), { recursive: true });
  return {
    root,
    write(agent, script, mode = 0o755) {
      const path = join(root, 'resource.d', 'test', agent);
      writeFileSync(path, script);
      chmodSync(path, mode);
      return path;
    },
  };
}

/**
 * A recording context for an OCF resource. Its state folder is named after the resource,
 * spaces and all, as a node names it (nodes/<node>/resources/<resource>).
 */
export function makeContext(resource: string, properties: Record<string, unknown>, type = 'OCF Resource Agent') {
  const stateDir = join(mkdtempSync(join(tmpdir(), 'wp-ocf-node-')), 'resources', resource);
  mkdirSync(stateDir, { recursive: true });
  return recordingContext({ resource, type, properties, stateDir });
}
