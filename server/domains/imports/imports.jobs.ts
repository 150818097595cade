/** The `import.run` background job: runs (or resumes) an import from its stored file. */
import type { JobHandler } from '../../workers/types.js';
import { readFile } from '../files/index.js';
import { failImport, runImport } from './import-run.js';
import * as repo from './imports.repo.js';
import { IMPORT_JOB } from './imports.service.js';

export const importJobHandlers: Record<string, JobHandler> = {
  [IMPORT_JOB]: async (ctx, job, jc) => {
    const { workspaceId, importId } = job.payload as { workspaceId: number; importId: number };
    const imp = await repo.findImport(ctx.db, workspaceId, importId);
    if (!imp || !['queued', 'running'].includes(imp.status)) return; // cancelled or finished meanwhile
    if (!imp.file_id) {
      await failImport(ctx, workspaceId, importId, 'The uploaded file is gone.');
      return;
    }
    const fileId = imp.file_id;
    try {
      const out = await runImport(ctx, workspaceId, importId, () => readFile(ctx.db, fileId), {
        heartbeat: () => jc.heartbeat(),
        stopping: () => jc.stopping,
      });
      // Thrown so the runner requeues the job; the next run resumes after the last committed batch.
      if (out === 'stopped') throw new Error(`Interrupted by a worker shutdown; resumes after record ${(await repo.findImport(ctx.db, workspaceId, importId))?.committed_record}`);
    } catch (err) {
      if (job.attempts >= job.max_attempts) await failImport(ctx, workspaceId, importId, `Gave up after ${job.attempts} attempts: ${(err as Error).message}`);
      throw err;
    }
  },
};
