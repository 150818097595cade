/**
 * Files: uploaded and generated files (import uploads, export results) stored in the database in ~1 MB chunks
 * (tables `files`, `file_chunks`), so they survive restarts and every process on every machine can read them.
 * Nothing here knows about HTTP; callers scope every lookup by workspace.
 */
export { CHUNK_BYTES, FileWriter, createFile, storeStream, readFile, findFile, deleteFile, deleteStaleIncomplete } from './files.service.js';
export type { FileRow } from './files.service.js';
