/**
 * Pushes an image over the registry HTTP API v2 (monolithic uploads: POST, then PUT
 * ?digest=). Blobs the registry already has are skipped, so re-pushing is cheap.
 */
import type { Blob, BuiltImage } from './oci-image.ts';

async function ensureOk(response: Response, what: string): Promise<void> {
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw new Error(`registry: ${what} failed with HTTP ${response.status}: ${body.slice(0, 500)}`);
  }
}

async function pushBlob(base: string, repository: string, item: Blob): Promise<void> {
  const head = await fetch(`${base}/v2/${repository}/blobs/${item.digest}`, { method: 'HEAD' });
  if (head.ok) return;
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  await ensureOk(start, `starting the upload of ${item.digest}`);
  const location = start.headers.get('location');
  if (!location) throw new Error('registry: upload start returned no Location');
  const url = new URL(location, base);
  url.searchParams.set('digest', item.digest);
  const put = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(item.data.length) },
    body: item.data,
  });
  await ensureOk(put, `uploading ${item.digest}`);
}

/** `registry` is `host:port` (plain HTTP: the lab registry is loopback-only). */
export async function pushImage(
  registry: string,
  repository: string,
  tag: string,
  image: BuiltImage,
): Promise<{ reference: string; digest: string }> {
  const base = `http://${registry}`;
  for (const item of [...image.layers, image.config]) await pushBlob(base, repository, item);
  const put = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': image.manifest.mediaType },
    body: image.manifest.data,
  });
  await ensureOk(put, `putting manifest ${repository}:${tag}`);
  const digest = put.headers.get('docker-content-digest') ?? image.digest;
  if (digest !== image.digest) {
    throw new Error(`registry: stored manifest digest ${digest} differs from ours ${image.digest}`);
  }
  return { reference: `${registry}/${repository}:${tag}`, digest };
}
