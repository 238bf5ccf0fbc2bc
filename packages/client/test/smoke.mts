import { connect } from '@wolfpack/client';
const client = await connect({ url: 'http://127.0.0.1:8080', username: 'admin', password: 'adminpass123' });
console.log(await client.session.get());
const groups = await client.groups.list();
console.log(groups.map((g) => `${g.name} ${g.state} ${g.ownerNode}`));
const plan = await client.groups.move('SOCKET_GROUP', { dryRun: true });
console.log(JSON.stringify(plan));
try { await client.resources.setProperties('Chat Server', { private: { MaxUser: 11 } }); } catch (e) { console.log('refused', e); }
const feed = await client.live();
const state = await feed.ready();
console.log('live at', state.revision, [...state.groups.keys()]);
const target = state.groups.get('SOCKET_GROUP')!.ownerNode === 'OSDB_SERV' ? 'OSDB_BACK' : 'OSDB_SERV';
const started = Date.now();
console.log(await client.groups.move('SOCKET_GROUP', { node: target }));
await client.waitFor((c) => c.groups.get('SOCKET_GROUP')?.ownerNode === target && c.groups.get('SOCKET_GROUP')?.state === 'Online', { feed, timeoutMs: 20000 });
console.log('moved in', Date.now() - started, 'ms');
const it = feed.changes();
setTimeout(() => feed.close(), 300);
for await (const u of it) console.log('update', u.type, u.revision);
const token = await client.tokens.create({ name: 'smoke' });
const byToken = await connect({ url: 'http://127.0.0.1:8080', token: token.token });
console.log((await byToken.session.get()).user);
await byToken.tokens.revoke(token.id);
try { await byToken.nodes.list(); } catch (e) { console.log('after revoke', (e as any).status, (e as any).code, (e as Error).message); }
try { await (await connect({ url: 'http://127.0.0.1:9', token: 'x' })).health.get(); } catch (e) { console.log((e as Error).message); }
