import { StorageUnavailable, type ArchiveObject, type IncomingObjects, type ReportArchive } from './ports';
import { must } from '../model/must';

type Sdk = typeof import('@aws-sdk/client-s3');
/** The SDK module and one client, loaded on first use and kept for the life of the process. */
export type S3Loader = () => Promise<{ sdk: Sdk; client: InstanceType<Sdk['S3Client']> }>;

export class S3Archive implements ReportArchive, IncomingObjects {
  constructor(
    private readonly load: S3Loader,
    private readonly bucket: string,
  ) {}

  async put(key: string, bytes: Uint8Array | string, contentType: string): Promise<void> {
    try {
      const { sdk, client } = await this.load();
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
    } catch (err) {
      throw new StorageUnavailable('archive', err);
    }
  }

  async get(key: string): Promise<ArchiveObject | undefined> {
    try {
      const { sdk, client } = await this.load();
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = await must(r.Body, 'GetObject answers with a body').transformToByteArray();
      return { bytes, contentType: r.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey') return undefined;
      throw new StorageUnavailable('archive', err);
    }
  }

  /**
   * Content-Type and Content-Length are signed (the presigner leaves the type unsigned unless told),
   * so S3 refuses a PUT of any other type or size: the 50 MB limit is enforced by S3 itself.
   */
  async presignPut(key: string, put: { contentType: string; size: number; expiresInSeconds: number }): Promise<string> {
    try {
      const [{ sdk, client }, { getSignedUrl }] = await Promise.all([this.load(), import('@aws-sdk/s3-request-presigner')]);
      const command = new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: put.contentType, ContentLength: put.size });
      return await getSignedUrl(client, command, { expiresIn: put.expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) });
    } catch (err) {
      throw new StorageUnavailable('archive', err);
    }
  }

  async copy(from: string, to: string): Promise<boolean> {
    try {
      const { sdk, client } = await this.load();
      // Keys are ours ([a-z0-9-/.] and hex), so the copy source needs no escaping beyond the URI encoding.
      await client.send(new sdk.CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: encodeURI(`${this.bucket}/${from}`) }));
      return true;
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey') return false;
      throw new StorageUnavailable('archive', err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      const { sdk, client } = await this.load();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      throw new StorageUnavailable('archive', err);
    }
  }
}
