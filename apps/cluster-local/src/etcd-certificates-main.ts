#!/usr/bin/env node
// etcd-certificates DIR HOST...: the one-shot step before etcd starts in docker-compose.yml.
// Makes a CA, the members' certificate (for every HOST) and the clients' certificate in DIR
// on the first `up`; later runs find them and change nothing.
import { existsSync } from 'node:fs';
import { etcdCertificateFiles, makeEtcdCertificates } from '@wolfpack/store-etcd/testing';

const [dir, ...hosts] = process.argv.slice(2);
if (!dir || hosts.length === 0) {
  process.stderr.write(
    'usage: etcd-certificates DIR HOST...\n  Makes ca.crt, member.crt/.key (for every HOST) and client.crt/.key in DIR, unless they are there.\n',
  );
  process.exit(2);
}
const existed = existsSync(etcdCertificateFiles(dir).clientKeyFile);
try {
  makeEtcdCertificates(dir, hosts);
} catch (error) {
  process.stderr.write(`etcd-certificates: ${(error as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(
  existed ? `etcd certificates in ${dir} kept\n` : `etcd certificates made in ${dir} for ${hosts.join(', ')}\n`,
);
