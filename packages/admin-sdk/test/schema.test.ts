import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '@wolfpack/engine';
import { checkProperties, propertyDefaults, propertyFields, propertyOfPath } from '../src/schema.ts';

const manifest = (folder: string) =>
  JSON.parse(readFileSync(new URL(`../../resource-types/${folder}/manifest.json`, import.meta.url), 'utf8'));
const chat = manifest('chat-server').propertySchema;

describe('property schema in a form', () => {
  it('lists the fields in schema order with their defaults', () => {
    expect(propertyFields(chat).map((field) => field.name)).toEqual([
      'MaxUser',
      'Port',
      'ShareName',
      'IPAddress',
      'NetName',
      'IdleTimeout',
      'LineRate',
      'LineBurst',
      'HistoryMaxBytes',
    ]);
    expect(propertyDefaults(chat)).toEqual({
      MaxUser: 10,
      Port: 7000,
      ShareName: 'chat',
      IPAddress: '',
      NetName: '',
      IdleTimeout: 600,
      LineRate: 5,
      LineBurst: 20,
      HistoryMaxBytes: 16_777_216,
    });
    expect(propertyFields(manifest('disk').propertySchema)[0]).toMatchObject({ name: 'Path', required: true });
  });

  it('names the property of a server field error path', () => {
    expect(propertyOfPath('private.MaxUser')).toBe('MaxUser');
    expect(propertyOfPath('private.Environment.PATH')).toBe('Environment');
    expect(propertyOfPath('MaxUser')).toBe('MaxUser');
  });

  // The console checks as a person types; the server decides (ajv, worded by
  // @wolfpack/contracts/schema-messages, which these checks word through too). They must say the same.
  it.each([
    ['chat-server', { MaxUser: 11 }],
    ['chat-server', { MaxUser: 0 }],
    ['chat-server', { MaxUser: 'ten' }],
    ['chat-server', { MaxUser: 2.5 }],
    ['chat-server', { Port: 70000 }],
    ['chat-server', { ShareName: '' }],
    ['chat-server', { ShareName: '../up' }],
    ['ip-address', { Address: '300.1.1.1' }],
    ['ip-address', { Address: '127.0.0.84', PrefixLength: 33, Interface: 'much-too-long-name' }],
    ['network-name', { Name: 'bad name' }],
    ['disk', { Path: 'relative/path' }],
    ['disk', {}],
    ['generic-application', { CommandLine: '' }],
    ['generic-application', { CommandLine: 'sleep 1', Environment: { PATH: 3 } }],
    ['generic-application', { CommandLine: 'sleep 1', Environment: { 'NOT-A-NAME': 'x' } }],
  ])('%s %j: the same messages as the server', (folder, values) => {
    const schema = manifest(folder).propertySchema;
    const filled = { ...propertyDefaults(schema), ...values };
    const server = validateAgainst(schema, filled, { pathPrefix: 'private' });
    expect(server.length).toBeGreaterThan(0);
    expect(checkProperties(schema, filled)).toEqual(server);
  });

  it('leaves a pattern JavaScript cannot read to the server instead of failing the form', () => {
    expect(
      checkProperties({ type: 'object', properties: { Odd: { type: 'string', pattern: '(' } } }, { Odd: 'x' }),
    ).toEqual([]);
  });

  it('finds nothing wrong where the server finds nothing', () => {
    expect(checkProperties(chat, { ...propertyDefaults(chat), MaxUser: 3 })).toEqual([]);
    expect(checkProperties(chat, propertyDefaults(chat))).toEqual(
      validateAgainst(chat, propertyDefaults(chat), { pathPrefix: 'private' }),
    );
  });
});
