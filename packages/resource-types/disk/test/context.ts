import { recordingContext } from '@wolfpack/resource-sdk/testing';

/** A hand-made ResourceContext for a Disk on one node at one placement epoch. */
export function makeContext(path: string, owner: { node: string; epoch: number; group?: string }) {
  return recordingContext({
    resource: 'Shared Disk',
    type: 'Disk',
    node: owner.node,
    group: owner.group ?? 'SOCKET_GROUP',
    epoch: owner.epoch,
    properties: { Path: path },
  });
}
