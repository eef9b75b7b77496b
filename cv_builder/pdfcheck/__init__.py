"""Is a PDF what cv-builder promises? The self-check every build runs, and `cv-builder check FILE`.

- :mod:`.rules`: the checks (pages, fonts, text layer, outline, links) and their report;
- :mod:`.expect`: what a build drew (:class:`Expect`), handed here by the renderer;
- :mod:`.syntax`, :mod:`.reader`, :mod:`.text`: a narrow, fast reader of the PDFs
  cv-builder writes (the check after a rebuild costs 1-2 ms: what the builds before
  read of their own PDFs is remembered by exact bytes, never for a file from elsewhere);
- :mod:`.foreign`: what files from elsewhere need (repair, object streams, a thorough
  verification), imported only for them;
- :mod:`.budget`: the limits every read pays from, so that any file is answered
  in bounded time and memory, or refused with the limit it reached.
"""

from .budget import Limits, TooLarge
from .expect import Expect
from .rules import Report, check_file, check_pdf

__all__ = ["Expect", "Limits", "Report", "TooLarge", "check_file", "check_pdf"]
