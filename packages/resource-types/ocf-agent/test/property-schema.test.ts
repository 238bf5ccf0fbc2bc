import { Value } from '@sinclair/typebox/value';
import { ResourceTypeManifest } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import {
  parseMetaData,
  propertyOf,
  propertySchemaOf,
  registeredManifest,
  type AgentParameter,
  type MetaData,
} from '../src/index.ts';
import { sampleMetaData } from './fixtures.ts';

const metaData = parseMetaData(sampleMetaData) as MetaData;
const parameter = (fields: Partial<AgentParameter>): AgentParameter => ({
  name: 'p',
  shortdesc: '',
  longdesc: '',
  type: 'string',
  required: false,
  ...fields,
});

describe('an integer parameter is an integer property', () => {
  it('keeps a numeric default as a number', () => {
    expect(propertyOf(parameter({ type: 'integer', default: '24' }))).toEqual({
      type: 'integer',
      description: '',
      default: 24,
    });
  });
  it('leaves out a default that is not a whole number (the agent still applies it)', () => {
    expect(propertyOf(parameter({ type: 'integer', default: '' }))).not.toHaveProperty('default');
    expect(propertyOf(parameter({ type: 'integer', default: '5s' }))).not.toHaveProperty('default');
  });
});

describe('a boolean parameter is a boolean property', () => {
  it("reads the agents' spellings of true and false", () => {
    expect(propertyOf(parameter({ type: 'boolean', default: 'false' })).default).toBe(false);
    expect(propertyOf(parameter({ type: 'boolean', default: 'yes' })).default).toBe(true);
    expect(propertyOf(parameter({ type: 'boolean', default: '1' })).default).toBe(true);
    expect(propertyOf(parameter({ type: 'boolean', default: 'maybe' }))).not.toHaveProperty('default');
  });
});

describe('every other content type is a string property', () => {
  it('keeps string and time defaults as text', () => {
    expect(propertyOf(parameter({ type: 'time', default: '5s' }))).toEqual({
      type: 'string',
      description: '',
      default: '5s',
    });
    expect(propertyOf(parameter({ type: 'string', default: '' }))).toEqual({
      type: 'string',
      description: '',
      default: '',
    });
  });
  it('makes a select a string enum of its options', () => {
    expect(propertyOf(parameter({ type: 'select', default: 'fast', options: ['fast', 'safe'] }))).toEqual({
      type: 'string',
      description: '',
      enum: ['fast', 'safe'],
      default: 'fast',
    });
    expect(propertyOf(parameter({ type: 'select', default: 'other', options: ['fast', 'safe'] }))).not.toHaveProperty(
      'default',
    );
  });
});

describe('a required parameter is required and has no default', () => {
  it('lists it as required and drops its advertised default', () => {
    const schema = propertySchemaOf(metaData);
    expect(schema.required).toEqual(['ip']);
    expect(schema.properties.ip).not.toHaveProperty('default');
  });
  it('leaves required out when nothing is', () => {
    expect(propertySchemaOf({ ...metaData, parameters: [parameter({})] })).not.toHaveProperty('required');
  });
});

describe('the description joins short and long without repeating', () => {
  it('puts the short description first', () => {
    expect(
      propertyOf(parameter({ shortdesc: 'CIDR netmask', longdesc: 'The netmask in CIDR format.' })).description,
    ).toBe('CIDR netmask. The netmask in CIDR format.');
  });
  it('says it once when the long one starts with the short one', () => {
    expect(
      propertyOf(parameter({ shortdesc: 'Fake attribute.', longdesc: 'Fake attribute that can be changed' }))
        .description,
    ).toBe('Fake attribute that can be changed');
  });
});

describe('the registered manifest is a valid type of its own', () => {
  const ref = { provider: 'heartbeat', agent: 'IPaddr2', root: '/usr/lib/ocf' };
  it('is named after the agent, takes no other properties, and passes the contract', () => {
    const manifest = registeredManifest(ref, metaData);
    expect(manifest.name).toBe('OCF heartbeat IPaddr2');
    expect(manifest.version).toBe('1.0.0');
    expect(manifest.description).toBe(
      'OCF agent heartbeat:IPaddr2 (/usr/lib/ocf/resource.d/heartbeat/IPaddr2), unchanged: Sample agent',
    );
    expect(manifest.propertySchema.additionalProperties).toBe(false);
    expect(Object.keys(manifest.propertySchema.properties)).toEqual([
      'ip',
      'cidr_netmask',
      'lvs_support',
      'mode',
      'wait',
    ]);
    expect(Value.Errors(ResourceTypeManifest, manifest).First()).toBeUndefined();
  });
  it('takes another name and version when given, and keeps a long description within 512 characters', () => {
    const manifest = registeredManifest(
      ref,
      { ...metaData, shortdesc: 'x'.repeat(600) },
      { name: 'Floating IP', version: '2.0.1' },
    );
    expect(manifest).toMatchObject({ name: 'Floating IP', version: '2.0.1' });
    expect(manifest.description.length).toBe(512);
  });
});
