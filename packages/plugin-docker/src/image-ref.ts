/**
 * Splits an image reference into what `/images/create` takes: `fromImage` and
 * `tag` (which may be a digest). Without a tag the engine would pull *every*
 * tag of the repository, so "latest" is filled in the way `docker pull` does.
 */
export function splitImageRef(ref: string): { fromImage: string; tag: string } {
  const trimmed = ref.trim();
  const at = trimmed.indexOf('@');
  if (at !== -1) {
    // name[:tag]@digest: the digest wins, as it does for docker.
    const name = trimmed.slice(0, at);
    return { fromImage: stripTag(name), tag: trimmed.slice(at + 1) };
  }
  const lastSlash = trimmed.lastIndexOf('/');
  const lastColon = trimmed.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (127.0.0.1:5000/x).
  if (lastColon > lastSlash) return { fromImage: trimmed.slice(0, lastColon), tag: trimmed.slice(lastColon + 1) };
  return { fromImage: trimmed, tag: 'latest' };
}

function stripTag(name: string): string {
  const lastSlash = name.lastIndexOf('/');
  const lastColon = name.lastIndexOf(':');
  return lastColon > lastSlash ? name.slice(0, lastColon) : name;
}
