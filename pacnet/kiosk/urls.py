from django.urls import path

from pacnet.kiosk.views import board, rules

app_name = "kiosk"

POINT = "kiosk/points/<str:site_code>/"
BOARD = POINT + "board/"
COMPUTER = BOARD + "computers/<str:equipment_code>/"

urlpatterns = [
    path(POINT + "rules/", rules.rules, name="rules"),
    path(POINT + "rules/closures/", rules.closure_add, name="closure_add"),
    path(POINT + "rules/closures/delete/", rules.closure_delete, name="closure_delete"),
    path(BOARD, board.board, name="board"),
    path(BOARD + "tiles/", board.board_tiles, name="board_tiles"),
    path(COMPUTER + "end/", board.session_stop, name="board_session_stop"),
    path(COMPUTER + "extend/", board.session_extend, name="board_session_extend"),
    path(COMPUTER + "instruction/", board.instruction, name="board_instruction"),
    path(COMPUTER + "enrolment-code/", board.enrolment_code, name="board_enrolment_code"),
    path(COMPUTER + "revoke/", board.token_revoke, name="board_token_revoke"),
    path(BOARD + "queue/add/", board.queue_add, name="board_queue_add"),
    path(BOARD + "queue/cancel/", board.queue_cancel, name="board_queue_cancel"),
    path(BOARD + "queue/seated/", board.queue_seat, name="board_queue_seat"),
    path(BOARD + "prints/release/", board.print_release, name="board_print_release"),
    path(BOARD + "prints/cancel/", board.print_cancel, name="board_print_cancel"),
    path(BOARD + "nodes/link/", board.node_link, name="board_node_link"),
    path(BOARD + "nodes/forget/", board.node_forget, name="board_node_forget"),
]
