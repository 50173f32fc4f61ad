DROP TABLE meeting_attendance;
DROP TABLE meeting_items;
DROP TABLE meetings;
