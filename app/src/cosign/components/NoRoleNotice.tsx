/** The connected account can act on nothing here: no wallet (e.g. inside Safe{Wallet}) or no role on this guard. */
export function NoRoleNotice({ wallet }: { wallet: boolean }) {
  return (
    <p className="notice" data-testid="no-role">
      {wallet
        ? 'This account holds no role on this guard: it can read, not act.'
        : 'No signer is connected: this page can read, not act. Proposers, approvers and guardians act from their own accounts (standalone).'}
    </p>
  );
}
