// The storage-layout comparison runs OpenZeppelin's upgrades-core, a Node package: Node only.
export { storageLayoutReport } from './storageLayoutReport.js';
