<?php

declare(strict_types=1);

namespace OssGen\Runtime\Tests;

/** A protocol array of the shape the generated Protocol::spec() has, with the values of the OSS model. */
final class Fixture
{
    /** @return array<string, mixed> */
    public static function protocol(): array
    {
        return [
            'crc64' => ['polynomial' => '4823603603198064275', 'check' => '11051210869376104954'],
            'signing' => ['prefix' => 'x-oss-', 'headers' => ['content-md5', 'content-type'], 'subresources' => ['append', 'position']],
            'v4' => ['algorithm' => 'OSS4-HMAC-SHA256', 'product' => 'oss', 'secretPrefix' => 'aliyun_v4', 'scopeTerminator' => 'aliyun_v4_request', 'dateHeader' => 'x-oss-date', 'payloadHashHeader' => 'x-oss-content-sha256', 'payloadHash' => 'UNSIGNED-PAYLOAD'],
            'v1' => ['algorithm' => 'OSS', 'dateHeader' => 'Date'],
            'invalidArgument' => 'InvalidArgument',
            'invalidBucket' => 'InvalidBucketName',
            'limits' => [
                'keyMinBytes' => 1, 'keyMaxBytes' => 1023, 'keyForbiddenPrefixes' => ['/'], 'keyError' => 'InvalidObjectName',
                'objectMaxBytes' => 5368709120, 'objectSizeError' => 'InvalidArgument', 'metadataMaxTotalBytes' => 8192, 'metadataNamePattern' => '^[a-z0-9-]+$',
                'taggingMaxTags' => 10, 'taggingMaxKeyLength' => 128, 'taggingMaxValueLength' => 256, 'taggingCharPattern' => '^[A-Za-z0-9 +\-=._:/]*$',
            ],
        ];
    }
}
