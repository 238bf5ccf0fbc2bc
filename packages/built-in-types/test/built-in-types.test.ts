import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Value } from '@sinclair/typebox/value';
import { ResourceTypeManifest, type ResourceTypeModule } from '@wolfpack/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { builtInTypeEntries } from '../src/index.ts';

const root = repositoryRoot;

describe('built-in resource types', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [createRequire(import.meta.url).resolve('@wolfpack/scripts/build')], {
      cwd: root,
      stdio: 'inherit',
    });
  });

  it('lists the six built-in types, each manifest valid against the contract', () => {
    const entries = builtInTypeEntries();
    expect(entries.map((entry) => entry.manifest.name)).toEqual([
      'IP Address',
      'Network Name',
      'Disk',
      'Generic Application',
      'Chat Server',
      'OCF Resource Agent',
    ]);
    for (const entry of entries) {
      expect(Value.Check(ResourceTypeManifest, entry.manifest), `${entry.manifest.name} manifest`).toBe(true);
      expect(entry.builtIn).toBe(true);
      expect(entry.manifest.propertySchema.additionalProperties).toBe(false);
    }
  });

  it('points at engine bundles that exist and load as resource type modules', async () => {
    const entries = builtInTypeEntries();
    for (const entry of entries) {
      expect(entry.enginePath.startsWith(root)).toBe(true);
      expect(existsSync(entry.enginePath), entry.enginePath).toBe(true);
    }
    for (const entry of entries) {
      const { default: module } = (await import(entry.enginePath)) as { default: ResourceTypeModule };
      expect(typeof module.create, `${entry.manifest.name} create()`).toBe('function');
    }
  });

  it('requires a Network Name to depend on an IP Address', () => {
    const networkName = builtInTypeEntries().find((entry) => entry.manifest.name === 'Network Name');
    expect(networkName?.manifest.requiredDependencies).toEqual(['IP Address']);
  });
});
