/** What went wrong loading a view's data, announced to screen readers; nothing when nothing did. */
export function LoadError({ error, what }: { error: string | null; what: string }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {what}: {error}
    </p>
  );
}
