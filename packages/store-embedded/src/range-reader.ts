import type Database from 'better-sqlite3';
import { StoreError, type RangeOptions, type RangeResult } from '@wolfpack/store';
import { keyPrefixCondition, toKeyValue, type KeyRow } from './statements.ts';

const sortColumns = { key: 'key', createRevision: 'create_revision', modRevision: 'mod_revision' } as const;

/** Prefix reads of the kv table, with the revision they reflect taken in the same read transaction. */
export class RangeReader {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement<unknown[], KeyRow>>();
  readonly #read: (prefix: string, options: RangeOptions) => RangeResult;

  constructor(db: Database.Database) {
    this.#db = db;
    const revision = db.prepare<[], { value: number }>("SELECT value FROM meta WHERE name = 'revision'");
    this.#read = db.transaction((prefix: string, options: RangeOptions): RangeResult => {
      const limit = options.limit ?? 0;
      const condition = keyPrefixCondition(prefix);
      const params: unknown[] = [...condition.params];
      let where = condition.sql;
      if (options.minCreateRevision !== undefined) {
        where += ' AND create_revision >= ?';
        params.push(options.minCreateRevision);
      }
      const direction = options.order === 'descend' ? 'DESC' : 'ASC';
      const column = sortColumns[options.sortBy ?? 'key'];
      // Equal revisions (keys written by one transaction) are ordered by key, ascending.
      let sql = `SELECT * FROM kv WHERE ${where} ORDER BY ${column} ${direction}${column === 'key' ? '' : ', key ASC'}`;
      if (limit > 0) {
        sql += ' LIMIT ?';
        params.push(limit + 1);
      }
      const rows = this.#statement(sql)
        .all(...params)
        .filter((row) => row.key.startsWith(prefix));
      const more = limit > 0 && rows.length > limit;
      return { kvs: (more ? rows.slice(0, limit) : rows).map(toKeyValue), revision: revision.get()?.value ?? 1, more };
    });
  }

  read(prefix: string, options: RangeOptions): RangeResult {
    const limit = options.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0)
      throw new StoreError('invalid', `range ${prefix}: limit must be a whole number >= 0, got ${limit}`);
    if (options.sortBy !== undefined && !(options.sortBy in sortColumns)) {
      throw new StoreError(
        'invalid',
        `range ${prefix}: sortBy must be key, createRevision or modRevision, got ${options.sortBy}`,
      );
    }
    return this.#read(prefix, options);
  }

  #statement(sql: string): Database.Statement<unknown[], KeyRow> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], KeyRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
