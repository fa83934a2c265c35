// Where to go after signing in: only a path of this site, so ?next= cannot make the sign-in page an open redirect.
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
