/** The `export.run` background job. */
import type { JobHandler } from '../../workers/types.js';
import { EXPORT_JOB, runExport } from './exports.service.js';

export const exportJobHandlers: Record<string, JobHandler> = {
  [EXPORT_JOB]: async (ctx, job, jc) => {
    const { workspaceId, exportId } = job.payload as { workspaceId: number; exportId: number };
    await runExport(ctx, workspaceId, exportId, () => jc.heartbeat());
  },
};
