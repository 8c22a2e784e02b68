"""Proposals and the pipeline that follows a match to completion: answers, moves, board, exports."""
