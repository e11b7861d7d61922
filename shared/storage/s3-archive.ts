import { StorageUnavailable, type ArchiveObject, type ReportArchive } from './ports';

type Sdk = typeof import('@aws-sdk/client-s3');
/** The SDK module and one client, loaded on first use and kept for the life of the process. */
export type S3Loader = () => Promise<{ sdk: Sdk; client: InstanceType<Sdk['S3Client']> }>;

export class S3Archive implements ReportArchive {
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
      const bytes = await r.Body!.transformToByteArray();
      return { bytes, contentType: r.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if ((err as Error).name === 'NoSuchKey') return undefined;
      throw new StorageUnavailable('archive', err);
    }
  }
}
