import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AttachmentOutput } from '../../../shared/cases';
import type { Db } from '../../db/client';
import { caseAttachments, cases, orgUnits } from '../../db/schema';
import { type Actor, assertVisible, isSystem } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { loadCase, recordEvent } from './case-access';

// Case attachments: photos of a fault, scanned letters, call recordings. The file lives on disk
// under <data dir>/attachments/<case id>/<uuid>; the row is its index (name, type, size, sha256).
// Only known, harmless types are taken, the type is ours (from the extension, checked against the
// file's first bytes), never the client's, and files go back as downloads, never rendered inline.

export type Attachment = z.infer<typeof AttachmentOutput>;
type AttachmentRow = typeof caseAttachments.$inferSelect;

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const starts = (b: Buffer, sig: string | number[], at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};
const zip = (b: Buffer) => starts(b, [0x50, 0x4b, 0x03, 0x04]);
const ole = (b: Buffer) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const riff = (kind: string) => (b: Buffer) => starts(b, 'RIFF') && starts(b, kind, 8);
const isoMedia = (b: Buffer) => starts(b, 'ftyp', 4);
/** Text: no NUL byte in the first 8 KB (UTF-8 or GBK both pass). */
const text = (b: Buffer) => !b.subarray(0, 8192).includes(0);
const mp3 = (b: Buffer) => starts(b, 'ID3') || (b.length > 1 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0);
const aac = (b: Buffer) => (b.length > 1 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0) || starts(b, 'ADIF');

interface FileType { mime: string; check: (b: Buffer) => boolean }

/** The types we take, by extension, each with a cheap check of its magic bytes. SVG and HTML are absent on purpose. */
const TYPES: Record<string, FileType> = {
  png: { mime: 'image/png', check: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { mime: 'image/jpeg', check: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  jpeg: { mime: 'image/jpeg', check: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  gif: { mime: 'image/gif', check: (b) => starts(b, 'GIF87a') || starts(b, 'GIF89a') },
  webp: { mime: 'image/webp', check: riff('WEBP') },
  bmp: { mime: 'image/bmp', check: (b) => starts(b, 'BM') },
  tif: { mime: 'image/tiff', check: (b) => starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  tiff: { mime: 'image/tiff', check: (b) => starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  heic: { mime: 'image/heic', check: isoMedia },
  heif: { mime: 'image/heif', check: isoMedia },
  pdf: { mime: 'application/pdf', check: (b) => starts(b, '%PDF-') },
  doc: { mime: 'application/msword', check: ole },
  xls: { mime: 'application/vnd.ms-excel', check: ole },
  ppt: { mime: 'application/vnd.ms-powerpoint', check: ole },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', check: zip },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', check: zip },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', check: zip },
  odt: { mime: 'application/vnd.oasis.opendocument.text', check: zip },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', check: zip },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', check: zip },
  rtf: { mime: 'application/rtf', check: (b) => starts(b, '{\\rtf') },
  txt: { mime: 'text/plain', check: text },
  log: { mime: 'text/plain', check: text },
  csv: { mime: 'text/csv', check: text },
  mp3: { mime: 'audio/mpeg', check: mp3 },
  wav: { mime: 'audio/wav', check: riff('WAVE') },
  amr: { mime: 'audio/amr', check: (b) => starts(b, '#!AMR') },
  m4a: { mime: 'audio/mp4', check: isoMedia },
  aac: { mime: 'audio/aac', check: aac },
  ogg: { mime: 'audio/ogg', check: (b) => starts(b, 'OggS') },
  opus: { mime: 'audio/ogg', check: (b) => starts(b, 'OggS') },
  flac: { mime: 'audio/flac', check: (b) => starts(b, 'fLaC') },
  wma: { mime: 'audio/x-ms-wma', check: (b) => starts(b, [0x30, 0x26, 0xb2, 0x75]) },
};

/** Our content type for a file, or 415 when its name or its first bytes are not a type we take. Pure. */
export function detectType(filename: string, head: Buffer): string {
  const ext = path.extname(filename).slice(1).toLowerCase();
  const type = Object.hasOwn(TYPES, ext) ? TYPES[ext] : undefined;
  if (!type || !type.check(head)) throw new AppError('unsupported_media_type');
  return type.mime;
}

/** The name as shown: no directories, no control characters, at most 200 characters. Pure. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return ([...clean].slice(-200).join('') || 'file');
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987), so 投诉录音.mp3 keeps its name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const present = (r: AttachmentRow): Attachment => ({
  id: r.id, caseId: r.caseId, filename: r.filename, contentType: r.contentType, size: r.size, uploadedBy: r.uploadedBy,
  createdAt: r.createdAt.toISOString(),
});

const attachmentsRoot = (dataDir: string) => path.join(dataDir, 'attachments');

/**
 * Attach a file to a case. The file is written under a temporary name first and renamed to its
 * final name as the transaction's last step; if anything fails (including the commit) both names
 * are removed, so there is never a row without its file, nor a kept file without its row.
 */
export async function addAttachment(
  db: Db, actor: Actor, dataDir: string, caseId: string, file: { name: string; bytes: Buffer },
): Promise<Attachment> {
  await loadCase(db, actor, caseId, 'case:comment'); // refuse before touching the disk
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('payload_too_large', { limit: '20 MB' });
  if (file.bytes.length === 0) {
    throw new AppError('validation_failed', {}, [{ path: 'file', code: 'empty_file', message: 'the file is empty' }]);
  }
  const filename = cleanFilename(file.name);
  const contentType = detectType(filename, file.bytes.subarray(0, 8192));
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');

  const id = crypto.randomUUID();
  const storageKey = `${caseId}/${id}`;
  const dir = path.join(attachmentsRoot(dataDir), caseId);
  const finalPath = path.join(dir, id);
  const tmpPath = path.join(dir, `.${id}.tmp`);
  await fs.promises.mkdir(dir, { recursive: true });
  await fs.promises.writeFile(tmpPath, file.bytes, { flag: 'wx', mode: 0o640 });
  try {
    return await db.transaction(async (tx) => {
      const kase = await loadCase(tx, actor, caseId, 'case:comment', { lock: true });
      const [row] = await tx.insert(caseAttachments).values({
        id, caseId, filename, contentType, size: file.bytes.length, storageKey, sha256, uploadedBy: actor.id,
      }).returning();
      await recordEvent(tx, actor, caseId, 'attachment_added', { attachmentId: id, filename, contentType, size: row.size, sha256 });
      await audit(tx, actor, {
        action: 'attachment.add', entityType: 'attachment', entityId: id, orgUnitId: kase.siteId,
        after: { caseId, filename, contentType, size: row.size, sha256 },
      });
      await fs.promises.rename(tmpPath, finalPath);
      return present(row);
    });
  } catch (err) {
    await fs.promises.rm(tmpPath, { force: true });
    await fs.promises.rm(finalPath, { force: true });
    throw err;
  }
}

/** A case's attachments, oldest first. */
export async function listAttachments(db: Db, actor: Actor, caseId: string): Promise<Attachment[]> {
  await loadCase(db, actor, caseId, 'case:read');
  const rows = await db.select().from(caseAttachments).where(eq(caseAttachments.caseId, caseId))
    .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.id));
  return rows.map(present);
}

/** An attachment the actor may see, with where its bytes are; 404 when either is missing. */
export async function openAttachment(db: Db, actor: Actor, dataDir: string, id: string): Promise<Attachment & { sha256: string; filePath: string }> {
  const [found] = await db.select({ a: caseAttachments, sitePath: orgUnits.path }).from(caseAttachments)
    .innerJoin(cases, eq(cases.id, caseAttachments.caseId))
    .innerJoin(orgUnits, eq(orgUnits.id, cases.siteId))
    .where(eq(caseAttachments.id, id));
  if (!found) throw new AppError('not_found', { entity: 'attachment' });
  if (!isSystem(actor)) assertVisible(actor, 'case:read', found.sitePath, 'attachment');
  const root = path.resolve(attachmentsRoot(dataDir));
  const filePath = path.resolve(root, found.a.storageKey);
  if (!filePath.startsWith(root + path.sep)) throw new AppError('not_found', { entity: 'attachment' });
  const stat = await fs.promises.stat(filePath).catch(() => undefined);
  if (!stat?.isFile()) throw new AppError('not_found', { entity: 'attachment' });
  return { ...present(found.a), size: stat.size, sha256: found.a.sha256, filePath };
}
