// The Safe contracts' creation code, read from their npm packages: Node only.
export * from './safeArtifacts.js';
