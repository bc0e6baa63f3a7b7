// Placeholder while the pipeline is written; replaced in the same session.
export const handler = async (_event: unknown): Promise<unknown> => ({ ok: false });
