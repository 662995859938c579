/** What went wrong with a file, in words a user reads in one line: for skipped briefings and failed writes alike. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'symlink loop',
  EISDIR: 'is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large',
  EROFS: 'the file system is read-only',
  EEXIST: 'a file stands where its folder should be',
  ENOTDIR: 'a file stands where its folder should be',
};

export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code];
  if (code) return `failed (${code})`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
