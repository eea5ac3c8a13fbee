"""Background work: read the text of attached files, then reindex their owner."""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import task

from prongsai.search.extract import ExtractionError, extract_bytes
from prongsai.search.models import ExtractedFile
from prongsai.search.service import index_object_task


@task()
def extract_file_task(extracted_file_id: int) -> str:
    """Extract one file; record the outcome on its row; reindex the object it belongs to."""
    row = ExtractedFile.objects.filter(pk=extracted_file_id).first()
    if row is None:
        return "missing"
    try:
        with default_storage.open(row.storage_name, "rb") as f:
            data = f.read()
    except OSError:
        data = None
    if data is None:
        row.status = ExtractedFile.Status.FAILED
        row.error_code = "missing"
        row.error_th = "ไม่พบไฟล์ในที่จัดเก็บ"
        row.error_en = "the file is not in storage"
        row.text = ""
    else:
        row.sha256 = hashlib.sha256(data).hexdigest()
        try:
            result = extract_bytes(data, row.filename)
        except ExtractionError as exc:
            row.status = ExtractedFile.Status.FAILED
            row.error_code, row.error_th, row.error_en = exc.code, exc.message_th, exc.message_en
            row.text = ""
        else:
            row.status = ExtractedFile.Status.OCR if result.used_ocr else ExtractedFile.Status.OK
            row.file_type = result.file_type
            row.pages = result.pages
            row.ocr_pages = result.ocr_pages
            row.text = result.text
            row.error_code = row.error_th = row.error_en = ""
    row.save()
    label, _sep, pk = row.owner_key.partition(":")
    if pk:
        transaction.on_commit(lambda: index_object_task.enqueue(label, pk))
    return row.status
