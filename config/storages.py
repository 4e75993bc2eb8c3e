"""Where files go (settings.STORAGES): photos and voice notes on disk under
MEDIA_ROOT by default, or in an S3-compatible bucket (MinIO, AWS S3, ...) when
MEDIA_S3_BUCKET is set and django-storages[s3] is installed (docs/OPERATIONS.md,
"Media"). Files stay private either way: the app reads them and serves them itself,
never by a public or signed URL.
"""

from __future__ import annotations

from typing import Any

from config.env import env_str


def storages(*, s3_bucket: str) -> dict[str, dict[str, Any]]:
    chosen: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if s3_bucket:
        chosen["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": s3_bucket,
                "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
                "region_name": env_str("MEDIA_S3_REGION", "") or None,
                "access_key": env_str("MEDIA_S3_ACCESS_KEY", "") or None,
                "secret_key": env_str("MEDIA_S3_SECRET_KEY", "") or None,
                "default_acl": "private",
                "file_overwrite": False,
                "location": "media",
            },
        }
    return chosen
