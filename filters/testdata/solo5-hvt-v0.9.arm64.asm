   0  ld [4]                   ; load architecture
   1  jneq #3221225655,109     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #29,54               ; hot: ioctl
   4  jge #261,48              ; nr >= 261 (prlimit64)
   5  jge #200,34              ; nr >= 200 (bind)
   6  jge #114,25              ; nr >= 114 (clock_getres)
   7  jge #78,12               ; nr >= 78 (readlinkat)
   8  jge #26,3                ; nr >= 26 (inotify_init1)
   9  jge #25,92               ; nr >= 25 (fcntl)
  10  jlt #20,100              ; nr >= 20 (epoll_create1)
  11  jge #23,99,98            ; nr >= 23 (dup)
  12  jge #58,3                ; nr >= 58 (vhangup)
  13  jge #49,1                ; nr >= 49 (chdir)
  14  jge #48,95,96            ; nr >= 48 (faccessat)
  15  jge #56,94,95            ; nr >= 56 (openat)
  16  jge #65,1                ; nr >= 65 (readv)
  17  jge #62,92,93            ; nr >= 62 (lseek)
  18  jlt #66,92               ; nr >= 66 (writev)
  19  jge #69,91,90            ; nr >= 69 (preadv)
  20  jge #93,4                ; nr >= 93 (exit)
  21  jge #92,86               ; nr >= 92 (personality)
  22  jge #85,1                ; nr >= 85 (timerfd_create)
  23  jge #81,87,86            ; nr >= 81 (sync)
  24  jge #87,86,85            ; nr >= 87 (timerfd_gettime)
  25  jge #97,3                ; nr >= 97 (unshare)
  26  jge #95,1                ; nr >= 95 (waitid)
  27  jge #94,82,83            ; nr >= 94 (exit_group)
  28  jge #96,81,82            ; nr >= 96 (set_tid_address)
  29  jge #100,1               ; nr >= 100 (get_robust_list)
  30  jge #99,79,80            ; nr >= 99 (set_robust_list)
  31  jge #113,78,79           ; nr >= 113 (clock_gettime)
  32  jge #198,6               ; nr >= 198 (socket)
  33  jge #139,2               ; nr >= 139 (rt_sigreturn)
  34  jlt #134,76              ; nr >= 134 (rt_sigaction)
  35  jge #135,75,74           ; nr >= 135 (rt_sigprocmask)
  36  jge #160,1               ; nr >= 160 (uname)
  37  jge #140,73,72           ; nr >= 140 (setpriority)
  38  jge #161,72,71           ; nr >= 161 (sethostname)
  39  jge #199,71,64           ; nr >= 199 (socketpair)
  40  jge #207,4               ; nr >= 207 (recvfrom)
  41  jge #204,1               ; nr >= 204 (getsockname)
  42  jge #201,68,43           ; nr >= 201 (listen)
  43  jge #206,46              ; nr >= 206 (sendto)
  44  jge #205,66,65           ; nr >= 205 (getpeername)
  45  jge #223,5               ; nr >= 223 (fadvise64)
  46  jge #222,51              ; nr >= 222 (mmap)
  47  jge #213,1               ; nr >= 213 (readahead)
  48  jge #212,61,62           ; nr >= 212 (recvmsg)
  49  jlt #214,61              ; nr >= 214 (brk)
  50  jge #216,60,59           ; nr >= 216 (mremap)
  51  jlt #226,59              ; nr >= 226 (mprotect)
  52  jge #227,58,41           ; nr >= 227 (msync)
  53  jlt #262,24              ; nr >= 262 (fanotify_init)
  54  jge #279,1               ; nr >= 279 (memfd_create)
  55  jge #278,54,55           ; nr >= 278 (getrandom)
  56  jlt #293,54              ; nr >= 293 (rseq)
  57  jge #294,53,52           ; nr >= 294 (kexec_file_load)
  58  ld [24]                  ; load arg1 low word
  59  jeq #44672,50            ; ioctl: arg1 == 0xae80 (low 32 bits)
  60  jge #1074025674,8        ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  61  jge #44546,3             ; ioctl: arg1 >= 0xae02 (low 32 bits)
  62  jge #21506,1             ; ioctl: arg1 >= 0x5402 (low 32 bits)
  63  jge #21505,46,47         ; ioctl: arg1 >= 0x5401 (low 32 bits)
  64  jge #44544,45,46         ; ioctl: arg1 >= 0xae00 (low 32 bits)
  65  jge #44549,1             ; ioctl: arg1 >= 0xae05 (low 32 bits)
  66  jge #44547,43,44         ; ioctl: arg1 >= 0xae03 (low 32 bits)
  67  jlt #44609,43            ; ioctl: arg1 >= 0xae41 (low 32 bits)
  68  jge #44610,42,41         ; ioctl: arg1 >= 0xae42 (low 32 bits)
  69  jge #1075883591,4        ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
  70  jge #1074835115,1        ; ioctl: arg1 >= 0x4010aeab (low 32 bits)
  71  jge #1074025675,39,38    ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  72  jlt #1074835117,37       ; ioctl: arg1 >= 0x4010aead (low 32 bits)
  73  jge #1075883590,36,37    ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  74  jge #1075883695,1        ; ioctl: arg1 >= 0x4020aeaf (low 32 bits)
  75  jge #1075883694,34,35    ; ioctl: arg1 >= 0x4020aeae (low 32 bits)
  76  jlt #2149625519,34       ; ioctl: arg1 >= 0x8020aeaf (low 32 bits)
  77  jge #2149625520,33,32    ; ioctl: arg1 >= 0x8020aeb0 (low 32 bits)
  78  ld [20]                  ; load arg0 high word
  79  jneq #0,31               ; prlimit64: arg0 Equal 0x0 (high word)
  80  ld [16]
  81  jneq #0,29               ; prlimit64: arg0 Equal 0x0
  82  ld [36]                  ; load arg2 high word
  83  jneq #0,27               ; prlimit64: arg2 Equal 0x0 (high word)
  84  ld [32]
  85  jeq #0,24,25             ; prlimit64: arg2 Equal 0x0
  86  ld [36]                  ; load arg2 high word
  87  jneq #0,23               ; bind: arg2 Equal 0xc (high word)
  88  ld [32]
  89  jeq #12,20,21            ; bind: arg2 Equal 0xc
  90  ld [60]                  ; load arg5 high word
  91  jneq #0,19               ; sendto: arg5 Equal 0xc (high word)
  92  ld [56]
  93  jeq #12,16,17            ; sendto: arg5 Equal 0xc
  94  ld [32]                  ; load arg2 low word
  95  jset #4,1,14             ; mprotect: arg2 BitsNotSet 0x4
  96  ld [32]                  ; load arg2 low word
  97  jset #2,13,12            ; mprotect: arg2 BitsNotSet 0x2
  98  ld [32]                  ; load arg2 low word
  99  jset #4,1,10             ; mmap: arg2 BitsNotSet 0x4
 100  ld [32]                  ; load arg2 low word
 101  jset #2,9,8              ; mmap: arg2 BitsNotSet 0x2
 102  ld [24]                  ; load arg1 low word
 103  jeq #4,6,7               ; fcntl: arg1 Equal 0x4 (low 32 bits)
 104  ld [16]                  ; load arg0 low word
 105  jneq #16,5               ; socket: arg0 Equal 0x10 (low 32 bits)
 106  ld [32]                  ; load arg2 low word
 107  jeq #0,2,3               ; socket: arg2 Equal 0x0 (low 32 bits)
 108  ld [16]                  ; load arg0 low word
 109  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 110  ret #2147418112          ; allow
 111  ret #2147483648          ; kill_process
