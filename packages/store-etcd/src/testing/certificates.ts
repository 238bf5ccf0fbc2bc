/*
 * Certificates for etcd with TLS and client authentication, made with openssl: a CA of
 * their own, one certificate for the members (server and peer, for every host name
 * given) and one for the cluster's processes as etcd clients. Made once: files already
 * in the folder are kept, so members restarted with their data keep their identity.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface EtcdCertificates {
  dir: string;
  /** The CA both sides trust (etcd's --trusted-ca-file, the client's --etcd-ca). */
  caFile: string;
  /** The members' certificate and key (--cert-file/--key-file, and the same for peers). */
  memberCertFile: string;
  memberKeyFile: string;
  /** The client certificate and key wolfpackd, the server and the seed present (--etcd-cert/--etcd-key). */
  clientCertFile: string;
  clientKeyFile: string;
}

/** The files makeEtcdCertificates writes in `dir`. */
export function etcdCertificateFiles(dir: string): EtcdCertificates {
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    memberCertFile: join(dir, 'member.crt'),
    memberKeyFile: join(dir, 'member.key'),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
  };
}

/**
 * Make the CA, member and client certificates in `dir` unless they are all there. `hosts`
 * are the names and addresses clients reach members by (all go in the member
 * certificate); 127.0.0.1 and localhost are always added. Needs openssl on PATH.
 */
export function makeEtcdCertificates(dir: string, hosts: readonly string[] = [], days = 825): EtcdCertificates {
  const files = etcdCertificateFiles(dir);
  const all = [files.caFile, files.memberCertFile, files.memberKeyFile, files.clientCertFile, files.clientKeyFile];
  if (all.every((file) => existsSync(file))) return files;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw new Error(
        `etcd certificates: openssl ${args[0]} failed: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()}`,
      );
    }
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...key,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    String(days),
    '-subj',
    '/CN=wolfpack etcd CA',
  );
  const names = [...new Set(['127.0.0.1', 'localhost', ...hosts])];
  const san = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
  // Members serve clients and peers, and are clients of their peers.
  writeFileSync(join(dir, 'member.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [
    ['member', '/CN=etcd member'],
    ['client', '/CN=wolfpack'],
  ] as const) {
    openssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      String(days),
      '-extfile',
      `${name}.ext`,
    );
    rmSync(join(dir, `${name}.csr`));
    rmSync(join(dir, `${name}.ext`));
  }
  for (const file of ['ca.key', 'member.key', 'client.key']) chmodSync(join(dir, file), 0o600);
  return files;
}
