/** The connected account can act on nothing here: no wallet (inside Safe{Wallet}) or no role on this guard. */
export function NoRoleNotice({ wallet }: { wallet: boolean }) {
  return (
    <p className="notice" data-testid="no-role">
      {wallet
        ? 'This account holds no role on this guard: it can read, not act.'
        : 'No signer is connected, and the Safe holds no role on its guard: this page can read, not act (proposers, approvers and guardians act from their own accounts, standalone).'}
    </p>
  );
}
