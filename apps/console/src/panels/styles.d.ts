// The admin SDK's stylesheet is imported for its side effect (Vite bundles it).
declare module '@wolfpack/admin-sdk/styles.css';
