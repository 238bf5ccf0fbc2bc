// The node agent's face of the resource host: start a host process, call resources in it.
export { ResourceHost } from './resource-host.ts';
export type { HostExitInfo, ResourceHostOptions } from './host-channel.ts';
export { HostCallTimeout, ResourceCallError, ResourceHostExited } from './errors.ts';
export type { FencedReport, HostedResourceContext } from './protocol.ts';
