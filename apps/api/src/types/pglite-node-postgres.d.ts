// The API compiles with `moduleResolution: node10` (Nest's CommonJS build), which does not read
// package.json "exports"; this points TypeScript at the subpath's own declarations.
declare module '@electric-sql/pglite/node-postgres' {
  export * from '@electric-sql/pglite/dist/node-postgres/index';
}

declare module '@electric-sql/pglite/contrib/btree_gin' {
  export * from '@electric-sql/pglite/dist/contrib/btree_gin';
}
