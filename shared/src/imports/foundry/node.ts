export { readArtifacts } from './readArtifacts.js';
export { readBroadcast } from './readBroadcast.js';
