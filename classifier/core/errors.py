"""Errors with a one-line message that names the file and the problem."""
from __future__ import annotations


class ZhibiaoError(Exception):
    """Base class: every error the library raises on purpose."""


class ReadError(ZhibiaoError):
    """A file could not be read as a 绩效目标表. ``str(err)`` is one line: ``path：problem``
    (the problem in Chinese, after a full-width colon)."""

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}：{problem}")


class ModelError(ZhibiaoError):
    """A model file is missing, foreign, or does not match this library / taxonomy."""


class SuggestionError(ZhibiaoError):
    """A suggestion or a draft could not be made (e.g. an empty corpus); the message is one line."""


class TrainingDataError(ZhibiaoError):
    """A labels / curated / labeled file is missing or malformed (one line: ``path：problem``)."""


def os_problem(err: OSError) -> str:
    """The reason of an operating-system error in Chinese, for one-line messages (the system's
    own text, usually English, for the rarer errors)."""
    import errno

    reasons = {
        errno.ENOENT: "不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EISDIR: "是文件夹",
        errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读文件系统",
        errno.ENAMETOOLONG: "文件名太长",
    }
    return reasons.get(err.errno) or err.strerror or type(err).__name__
