"""PDF reports (reportlab): the MACSE meeting pack and the single case summary; DTOs in, PDF out.

Qt-free and data-free: builders take the frozen DTOs of desktop.domain and lay them out.
"""

from desktop.reports.pack import BuildResult, build_pack

__all__ = ["BuildResult", "build_pack"]
