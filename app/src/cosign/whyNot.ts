/** Why the next step cannot execute yet from here, or that it is ready. */
export function whyNot(args: {
  mode: 'safe-app' | 'standalone';
  enough: boolean;
  allowed: boolean;
  meIsExecutor: boolean;
  have: number;
  need: number;
}): string {
  if (!args.enough)
    return `Needs ${args.need - args.have} more owner confirmation${args.need - args.have === 1 ? '' : 's'} before it can execute.`;
  if (!args.allowed) return 'Confirmed, but the guard would reject it now (see above).';
  if (args.mode === 'safe-app') return 'Ready: an executor account executes it from the Safe{Wallet} queue.';
  if (!args.meIsExecutor) return 'Ready: connect the executor’s account to execute it.';
  return 'Ready to execute.';
}
