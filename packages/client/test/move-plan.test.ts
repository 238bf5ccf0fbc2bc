import { describe, expect, it } from 'vitest';
import { planStages, planSummary } from '../src/move-plan.ts';

/* A dry-run move as a person reads it: the console's Move dialog and `wolfpack group move --dry-run` both show this. */

describe('move plans', () => {
  it('reads as stages: offline where it runs (dependents first), then online on the target (providers first)', () => {
    const plan = {
      group: 'SOCKET_GROUP',
      fromNode: 'OSDB_SERV',
      toNode: 'OSDB_BACK',
      steps: [
        { resource: 'SOCKET_SERVER', action: 'offline' as const, node: 'OSDB_SERV', wave: 0 },
        { resource: 'SOCKET_NAME', action: 'offline' as const, node: 'OSDB_SERV', wave: 1 },
        { resource: 'SOCKET_DISK', action: 'offline' as const, node: 'OSDB_SERV', wave: 1 },
        { resource: 'SOCKET_IP', action: 'offline' as const, node: 'OSDB_SERV', wave: 2 },
        { resource: 'SOCKET_IP', action: 'online' as const, node: 'OSDB_BACK', wave: 0 },
        { resource: 'SOCKET_DISK', action: 'online' as const, node: 'OSDB_BACK', wave: 0 },
        { resource: 'SOCKET_NAME', action: 'online' as const, node: 'OSDB_BACK', wave: 1 },
        { resource: 'SOCKET_SERVER', action: 'online' as const, node: 'OSDB_BACK', wave: 2 },
      ],
    };
    expect(planStages(plan).map((s) => `${s.title}: ${s.resources.join(', ')}`)).toEqual([
      'Take offline on OSDB_SERV: SOCKET_SERVER',
      'Take offline on OSDB_SERV: SOCKET_NAME, SOCKET_DISK',
      'Take offline on OSDB_SERV: SOCKET_IP',
      'Bring online on OSDB_BACK: SOCKET_IP, SOCKET_DISK',
      'Bring online on OSDB_BACK: SOCKET_NAME',
      'Bring online on OSDB_BACK: SOCKET_SERVER',
    ]);
    expect(planSummary(plan)).toBe(
      'SOCKET_GROUP moves from OSDB_SERV to OSDB_BACK: 4 resources go offline, 4 come online.',
    );
  });

  it('says so when nothing changes state', () => {
    const plan = { group: 'EMPTY', fromNode: null, toNode: 'OSDB_BACK', steps: [] };
    expect(planStages(plan)).toEqual([]);
    expect(planSummary(plan)).toBe('EMPTY would be placed on OSDB_BACK; no resource changes state.');
  });
});
