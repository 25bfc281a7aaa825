print("hello from a lesson")
