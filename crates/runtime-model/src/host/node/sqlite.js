// node:sqlite for crosstalk: workerd's exports, so a library that imports the module loads;
// what crosstalk does not model throws an error that names it when used.
const notModelled = (name) => () => {
  throw new Error(`node:sqlite ${name} is not modelled by crosstalk`);
};

export class DatabaseSync {
  constructor() {
    throw notModelled("DatabaseSync");
  }
}
export class StatementSync {
  constructor() {
    throw notModelled("StatementSync");
  }
}
export const backup = notModelled("backup");
export const constants = { SQLITE_ALTER_TABLE: notModelled("constants.SQLITE_ALTER_TABLE"), SQLITE_ANALYZE: notModelled("constants.SQLITE_ANALYZE"), SQLITE_ATTACH: notModelled("constants.SQLITE_ATTACH"), SQLITE_CHANGESET_ABORT: notModelled("constants.SQLITE_CHANGESET_ABORT"), SQLITE_CHANGESET_CONFLICT: notModelled("constants.SQLITE_CHANGESET_CONFLICT"), SQLITE_CHANGESET_CONSTRAINT: notModelled("constants.SQLITE_CHANGESET_CONSTRAINT"), SQLITE_CHANGESET_DATA: notModelled("constants.SQLITE_CHANGESET_DATA"), SQLITE_CHANGESET_FOREIGN_KEY: notModelled("constants.SQLITE_CHANGESET_FOREIGN_KEY"), SQLITE_CHANGESET_NOTFOUND: notModelled("constants.SQLITE_CHANGESET_NOTFOUND"), SQLITE_CHANGESET_OMIT: notModelled("constants.SQLITE_CHANGESET_OMIT"), SQLITE_CHANGESET_REPLACE: notModelled("constants.SQLITE_CHANGESET_REPLACE"), SQLITE_COPY: notModelled("constants.SQLITE_COPY"), SQLITE_CREATE_INDEX: notModelled("constants.SQLITE_CREATE_INDEX"), SQLITE_CREATE_TABLE: notModelled("constants.SQLITE_CREATE_TABLE"), SQLITE_CREATE_TEMP_INDEX: notModelled("constants.SQLITE_CREATE_TEMP_INDEX"), SQLITE_CREATE_TEMP_TABLE: notModelled("constants.SQLITE_CREATE_TEMP_TABLE"), SQLITE_CREATE_TEMP_TRIGGER: notModelled("constants.SQLITE_CREATE_TEMP_TRIGGER"), SQLITE_CREATE_TEMP_VIEW: notModelled("constants.SQLITE_CREATE_TEMP_VIEW"), SQLITE_CREATE_TRIGGER: notModelled("constants.SQLITE_CREATE_TRIGGER"), SQLITE_CREATE_VIEW: notModelled("constants.SQLITE_CREATE_VIEW"), SQLITE_CREATE_VTABLE: notModelled("constants.SQLITE_CREATE_VTABLE"), SQLITE_DELETE: notModelled("constants.SQLITE_DELETE"), SQLITE_DENY: notModelled("constants.SQLITE_DENY"), SQLITE_DETACH: notModelled("constants.SQLITE_DETACH"), SQLITE_DROP_INDEX: notModelled("constants.SQLITE_DROP_INDEX"), SQLITE_DROP_TABLE: notModelled("constants.SQLITE_DROP_TABLE"), SQLITE_DROP_TEMP_INDEX: notModelled("constants.SQLITE_DROP_TEMP_INDEX"), SQLITE_DROP_TEMP_TABLE: notModelled("constants.SQLITE_DROP_TEMP_TABLE"), SQLITE_DROP_TEMP_TRIGGER: notModelled("constants.SQLITE_DROP_TEMP_TRIGGER"), SQLITE_DROP_TEMP_VIEW: notModelled("constants.SQLITE_DROP_TEMP_VIEW"), SQLITE_DROP_TRIGGER: notModelled("constants.SQLITE_DROP_TRIGGER"), SQLITE_DROP_VIEW: notModelled("constants.SQLITE_DROP_VIEW"), SQLITE_DROP_VTABLE: notModelled("constants.SQLITE_DROP_VTABLE"), SQLITE_FUNCTION: notModelled("constants.SQLITE_FUNCTION"), SQLITE_IGNORE: notModelled("constants.SQLITE_IGNORE"), SQLITE_INSERT: notModelled("constants.SQLITE_INSERT"), SQLITE_OK: notModelled("constants.SQLITE_OK"), SQLITE_PRAGMA: notModelled("constants.SQLITE_PRAGMA"), SQLITE_READ: notModelled("constants.SQLITE_READ"), SQLITE_RECURSIVE: notModelled("constants.SQLITE_RECURSIVE"), SQLITE_REINDEX: notModelled("constants.SQLITE_REINDEX"), SQLITE_SAVEPOINT: notModelled("constants.SQLITE_SAVEPOINT"), SQLITE_SELECT: notModelled("constants.SQLITE_SELECT"), SQLITE_TRANSACTION: notModelled("constants.SQLITE_TRANSACTION"), SQLITE_UPDATE: notModelled("constants.SQLITE_UPDATE") };
export default { DatabaseSync, StatementSync, backup, constants };
