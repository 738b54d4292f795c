   0  ld [4]                   ; load architecture
   1  jneq #3221225655,105     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #29,54               ; hot: ioctl
   4  jge #261,48              ; nr >= 261 (prlimit64)
   5  jge #199,33              ; nr >= 199 (socketpair)
   6  jge #113,24              ; nr >= 113 (clock_gettime)
   7  jge #69,11               ; nr >= 69 (preadv)
   8  jge #26,3                ; nr >= 26 (inotify_init1)
   9  jge #25,88               ; nr >= 25 (fcntl)
  10  jlt #20,96               ; nr >= 20 (epoll_create1)
  11  jge #23,95,94            ; nr >= 23 (dup)
  12  jge #58,3                ; nr >= 58 (vhangup)
  13  jge #49,1                ; nr >= 49 (chdir)
  14  jge #48,91,92            ; nr >= 48 (faccessat)
  15  jge #56,90,91            ; nr >= 56 (openat)
  16  jge #65,1                ; nr >= 65 (readv)
  17  jge #62,88,89            ; nr >= 62 (lseek)
  18  jge #66,87,88            ; nr >= 66 (writev)
  19  jge #93,5                ; nr >= 93 (exit)
  20  jge #92,83               ; nr >= 92 (personality)
  21  jge #81,1                ; nr >= 81 (sync)
  22  jge #78,83,84            ; nr >= 78 (readlinkat)
  23  jlt #85,83               ; nr >= 85 (timerfd_create)
  24  jge #87,82,81            ; nr >= 87 (timerfd_gettime)
  25  jge #96,2                ; nr >= 96 (set_tid_address)
  26  jlt #94,80               ; nr >= 94 (exit_group)
  27  jge #95,79,78            ; nr >= 95 (waitid)
  28  jge #99,1                ; nr >= 99 (set_robust_list)
  29  jge #97,77,76            ; nr >= 97 (unshare)
  30  jge #100,76,75           ; nr >= 100 (get_robust_list)
  31  jge #198,68              ; nr >= 198 (socket)
  32  jge #139,3               ; nr >= 139 (rt_sigreturn)
  33  jge #134,1               ; nr >= 134 (rt_sigaction)
  34  jge #114,72,71           ; nr >= 114 (clock_getres)
  35  jge #135,71,70           ; nr >= 135 (rt_sigprocmask)
  36  jge #160,1               ; nr >= 160 (uname)
  37  jge #140,69,68           ; nr >= 140 (setpriority)
  38  jge #161,68,67           ; nr >= 161 (sethostname)
  39  jge #212,6               ; nr >= 212 (recvmsg)
  40  jge #206,4               ; nr >= 206 (sendto)
  41  jge #201,1               ; nr >= 201 (listen)
  42  jge #200,63,64           ; nr >= 200 (bind)
  43  jlt #204,63              ; nr >= 204 (getsockname)
  44  jge #205,62,61           ; nr >= 205 (getpeername)
  45  jge #207,61,40           ; nr >= 207 (recvfrom)
  46  jge #223,4               ; nr >= 223 (fadvise64)
  47  jge #222,46              ; nr >= 222 (mmap)
  48  jge #214,1               ; nr >= 214 (brk)
  49  jge #213,57,56           ; nr >= 213 (readahead)
  50  jge #216,56,55           ; nr >= 216 (mremap)
  51  jlt #226,55              ; nr >= 226 (mprotect)
  52  jge #227,54,37           ; nr >= 227 (msync)
  53  jlt #262,24              ; nr >= 262 (fanotify_init)
  54  jge #279,1               ; nr >= 279 (memfd_create)
  55  jge #278,50,51           ; nr >= 278 (getrandom)
  56  jlt #293,50              ; nr >= 293 (rseq)
  57  jge #294,49,48           ; nr >= 294 (kexec_file_load)
  58  ld [24]                  ; load arg1 low word
  59  jeq #44672,46            ; ioctl: arg1 == 0xae80 (low 32 bits)
  60  jge #1074025674,8        ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  61  jge #44546,3             ; ioctl: arg1 >= 0xae02 (low 32 bits)
  62  jge #21506,1             ; ioctl: arg1 >= 0x5402 (low 32 bits)
  63  jge #21505,42,43         ; ioctl: arg1 >= 0x5401 (low 32 bits)
  64  jge #44544,41,42         ; ioctl: arg1 >= 0xae00 (low 32 bits)
  65  jge #44549,1             ; ioctl: arg1 >= 0xae05 (low 32 bits)
  66  jge #44547,39,40         ; ioctl: arg1 >= 0xae03 (low 32 bits)
  67  jlt #44609,39            ; ioctl: arg1 >= 0xae41 (low 32 bits)
  68  jge #44610,38,37         ; ioctl: arg1 >= 0xae42 (low 32 bits)
  69  jge #1075883591,4        ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
  70  jge #1074835115,1        ; ioctl: arg1 >= 0x4010aeab (low 32 bits)
  71  jge #1074025675,35,34    ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  72  jlt #1074835117,33       ; ioctl: arg1 >= 0x4010aead (low 32 bits)
  73  jge #1075883590,32,33    ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  74  jge #1075883695,1        ; ioctl: arg1 >= 0x4020aeaf (low 32 bits)
  75  jge #1075883694,30,31    ; ioctl: arg1 >= 0x4020aeae (low 32 bits)
  76  jlt #2149625519,30       ; ioctl: arg1 >= 0x8020aeaf (low 32 bits)
  77  jge #2149625520,29,28    ; ioctl: arg1 >= 0x8020aeb0 (low 32 bits)
  78  ld [20]                  ; load arg0 high word
  79  jneq #0,27               ; prlimit64: arg0 Equal 0x0 (high word)
  80  ld [16]
  81  jneq #0,25               ; prlimit64: arg0 Equal 0x0
  82  ld [36]                  ; load arg2 high word
  83  jneq #0,23               ; prlimit64: arg2 Equal 0x0 (high word)
  84  ld [32]
  85  jeq #0,20,21             ; prlimit64: arg2 Equal 0x0
  86  ld [60]                  ; load arg5 high word
  87  jneq #0,19               ; sendto: arg5 Equal 0xc (high word)
  88  ld [56]
  89  jeq #12,16,17            ; sendto: arg5 Equal 0xc
  90  ld [32]                  ; load arg2 low word
  91  jset #4,1,14             ; mprotect: arg2 BitsNotSet 0x4
  92  ld [32]                  ; load arg2 low word
  93  jset #2,13,12            ; mprotect: arg2 BitsNotSet 0x2
  94  ld [32]                  ; load arg2 low word
  95  jset #4,1,10             ; mmap: arg2 BitsNotSet 0x4
  96  ld [32]                  ; load arg2 low word
  97  jset #2,9,8              ; mmap: arg2 BitsNotSet 0x2
  98  ld [24]                  ; load arg1 low word
  99  jeq #4,6,7               ; fcntl: arg1 Equal 0x4 (low 32 bits)
 100  ld [16]                  ; load arg0 low word
 101  jneq #16,5               ; socket: arg0 Equal 0x10 (low 32 bits)
 102  ld [32]                  ; load arg2 low word
 103  jeq #0,2,3               ; socket: arg2 Equal 0x0 (low 32 bits)
 104  ld [16]                  ; load arg0 low word
 105  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 106  ret #2147418112          ; allow
 107  ret #2147483648          ; kill_process
