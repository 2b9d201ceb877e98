import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { conflict, invalidArgument, notFound } from '@icr/core';
import type { ContainerNetwork } from './options.ts';
import type { ExitRecord } from './supervisor.ts';

/** Container ids double as directory names and runc ids, so they are checked before any path is built. */
export const CONTAINER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface ContainerMeta {
  id: string;
  name: string;
  /** The image reference as the user gave it. */
  image: string;
  imageId: string | null;
  labels: Record<string, string>;
  createdAt: string;
  network: ContainerNetwork;
  autoRemove: boolean;
}

export interface StartRecord {
  startedAt: string;
  supervisorPid: number | null;
}

/**
 * Per-container directories under `<dataDir>/containers/<id>` (bundle,
 * metadata, log, exit record) and the name → id map under `<dataDir>/names`,
 * one file per name, created exclusively so two creators cannot share a name.
 */
export class ContainerStore {
  readonly containersDir: string;
  readonly namesDir: string;
  readonly #runtime: string;

  constructor(dataDir: string, runtime: string) {
    this.containersDir = path.join(dataDir, 'containers');
    this.namesDir = path.join(dataDir, 'names');
    this.#runtime = runtime;
  }

  dir(id: string): string {
    if (!CONTAINER_ID.test(id)) throw invalidArgument(`invalid container id "${id}"`, { runtime: this.#runtime });
    return path.join(this.containersDir, id);
  }

  paths(id: string) {
    const dir = this.dir(id);
    return {
      dir,
      meta: path.join(dir, 'meta.json'),
      config: path.join(dir, 'config.json'),
      rootfs: path.join(dir, 'rootfs'),
      log: path.join(dir, 'container.log'),
      exit: path.join(dir, 'exit.json'),
      pid: path.join(dir, 'pid'),
      started: path.join(dir, 'started.json'),
      supervisorLog: path.join(dir, 'supervisor.log'),
    };
  }

  nameFile(name: string): string {
    return path.join(this.namesDir, createHash('sha256').update(name).digest('hex'));
  }

  newId(): string {
    return randomBytes(16).toString('hex');
  }

  /** Claims `name` for `id`; conflict when another container has it. */
  async claimName(name: string, id: string): Promise<void> {
    await mkdir(this.namesDir, { recursive: true });
    const file = this.nameFile(name);
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(id);
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = (await readFile(file, 'utf8').catch(() => '')).trim();
      // A name left behind by a container whose directory is gone can be reused.
      if (owner && (await this.readMeta(owner))) {
        throw conflict(`the container name "${name}" is already in use by container ${owner.slice(0, 12)}`, {
          runtime: this.#runtime,
          hint: 'remove that container or choose another name',
        });
      }
      await writeFile(file, id);
    }
  }

  async releaseName(name: string, id: string): Promise<void> {
    const file = this.nameFile(name);
    const owner = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (owner === id) await rm(file, { force: true });
  }

  async writeMeta(meta: ContainerMeta): Promise<void> {
    await writeFile(this.paths(meta.id).meta, `${JSON.stringify(meta, null, 2)}\n`);
  }

  async readMeta(id: string): Promise<ContainerMeta | null> {
    if (!CONTAINER_ID.test(id)) return null;
    try {
      return JSON.parse(await readFile(this.paths(id).meta, 'utf8')) as ContainerMeta;
    } catch {
      return null;
    }
  }

  async listIds(): Promise<string[]> {
    const entries = await readdir(this.containersDir).catch(() => [] as string[]);
    return entries.filter((entry) => CONTAINER_ID.test(entry));
  }

  async readExit(id: string): Promise<ExitRecord | null> {
    return readJson<ExitRecord>(this.paths(id).exit);
  }

  async readStart(id: string): Promise<StartRecord | null> {
    return readJson<StartRecord>(this.paths(id).started);
  }

  async hasPidFile(id: string): Promise<boolean> {
    return (await readFile(this.paths(id).pid, 'utf8').catch(() => '')).trim().length > 0;
  }

  /**
   * id, name, or unique id prefix → id. Only ids found on disk come back,
   * so a ref like "../x" never becomes a path.
   */
  async resolve(ref: string, extraIds: string[] = []): Promise<string> {
    const ids = [...new Set([...(await this.listIds()), ...extraIds])];
    if (ids.includes(ref)) return ref;
    const byName = (await readFile(this.nameFile(ref), 'utf8').catch(() => '')).trim();
    if (byName && ids.includes(byName)) return byName;
    if (ref.length >= 1) {
      const prefixed = ids.filter((id) => id.startsWith(ref));
      if (prefixed.length === 1) return prefixed[0]!;
      if (prefixed.length > 1) {
        throw invalidArgument(`container id prefix "${ref}" is ambiguous`, { runtime: this.#runtime });
      }
    }
    throw notFound(`no such container: ${ref}`, { runtime: this.#runtime });
  }

  async remove(id: string, name: string | null): Promise<void> {
    if (name) await this.releaseName(name, id);
    await rm(this.dir(id), { recursive: true, force: true });
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
