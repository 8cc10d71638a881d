import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { JewelryLogger } from '@jewelry/logger';
import type { S3Settings } from './config';

/** The S3 client of the services: a local S3-compatible server, path-style. */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: 2,
  });
}

/** Where a model lives: by order and file id only — a client's file name may hold a person's name. */
export function modelKey(orderId: string, fileId: string, format: string): string {
  return `models/${orderId}/${fileId}.${format}`;
}

export const MODEL_CONTENT_TYPES: Record<string, string> = {
  stl: 'model/stl',
  obj: 'model/obj',
  ply: 'application/ply',
  step: 'model/step',
  stp: 'model/step',
  '3dm': 'model/vnd.3dm',
};

/** Creates the bucket when it is missing (a fresh local S3 server has none). */
export async function ensureBucket(client: S3Client, bucket: string, log: JewelryLogger): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404) throw err;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    log.info('S3 bucket created', { 'aws.s3.bucket': bucket });
  } catch (err) {
    const name = (err as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
}
