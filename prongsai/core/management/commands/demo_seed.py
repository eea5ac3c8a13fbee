from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from prongsai.core.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo agency สำนักงานจังหวัดร้อยเอ็ด (does nothing if it is already there)."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = seed_demo()
        if ctx is None:
            self.stdout.write("หน่วยงานตัวอย่างมีอยู่แล้ว · The demo agency is already loaded.")
        else:
            self.stdout.write(f"โหลดหน่วยงานตัวอย่างแล้ว · Loaded the demo agency: {ctx.agency}")
